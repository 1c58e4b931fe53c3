package io.bpmnagents.security;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits every request body before anything parses it. A declared length over the limit
 * is refused at once, unread. A body of unknown length (chunked) is read up to the limit
 * and no further; a longer one is refused, a shorter one handed on from memory.
 * Deployments may be larger than other bodies.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class BodyLimitFilter extends OncePerRequestFilter {

	private final RequestGuardsProperties limits;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limitFor(RequestPaths.of(request));
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			refuse(response, limit);
			return;
		}
		if (declared >= 0 || !hasBody(request)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = readAtMost(request.getInputStream(), limit + 1);
		if (body.length > limit) {
			refuse(response, limit);
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	long limitFor(String path) {
		return path.endsWith("/deployment/create") ? this.limits.maxDeploymentBody().toBytes()
				: this.limits.maxBody().toBytes();
	}

	private static boolean hasBody(HttpServletRequest request) {
		String encoding = request.getHeader("Transfer-Encoding");
		return encoding != null && !encoding.isBlank();
	}

	private static byte[] readAtMost(InputStream in, long max) throws IOException {
		return in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8));
	}

	private static void refuse(HttpServletResponse response, long limit) throws IOException {
		// The unread rest of the body is not wanted: close instead of draining it.
		response.setHeader("Connection", "close");
		ProblemResponse.write(response, HttpStatus.PAYLOAD_TOO_LARGE,
				"The request body is larger than the " + limit + " bytes allowed here. Send a smaller body, or raise "
						+ "bpmn-agents.security.max-body (max-deployment-body for deployments).");
	}

}
