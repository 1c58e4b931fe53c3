package io.bpmnagents.evaluation;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The engine's answer to a deployment that a gate held back
 * ({@code POST /engine-rest/deployment/create}, see {@link DeploymentGates}) says so:
 * besides the definition's {@code suspended: true}, a field {@code gate} with the
 * evaluation that decides it, as {@code POST /api/deployments} answers. Other requests
 * pass untouched.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class GatedDeploymentAnswers extends OncePerRequestFilter {

	/** The engine's REST API, also where it names the engine ({@code /engine/{name}}). */
	private static final String REST = "/engine-rest/";

	private static final String DEPLOY = "/deployment/create";

	private final ObjectMapper json;

	/** What the answer adds: the gated version, its evaluation and the threshold. */
	record GateAnswer(String processDefinitionId, boolean suspended, String evaluation, int threshold) {
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !"POST".equals(request.getMethod()) || !path.startsWith(REST) || !path.endsWith(DEPLOY);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
		chain.doFilter(request, answer);
		Object started = request.getAttribute(DeploymentGates.STARTED);
		byte[] body = answer.getContentAsByteArray();
		if (started instanceof DeploymentGates.Started gate && answer.getStatus() == HttpServletResponse.SC_OK
				&& this.json.readTree(body) instanceof ObjectNode deployment) {
			deployment.set("gate", this.json
				.valueToTree(new GateAnswer(gate.processDefinitionId(), true, gate.evaluation(), gate.threshold())));
			answer.resetBuffer();
			answer.getOutputStream().write(this.json.writeValueAsBytes(deployment));
		}
		answer.copyBodyToResponse();
	}

}
