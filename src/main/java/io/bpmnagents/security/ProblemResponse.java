package io.bpmnagents.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * An {@code application/problem+json} refusal: written from a servlet filter, where
 * Spring MVC's exception handling does not reach, or made for an exception handler.
 */
public final class ProblemResponse {

	private ProblemResponse() {
	}

	/** A problem with this status and title whose detail is the exception's message. */
	public static ProblemDetail of(HttpStatus status, String title, Exception ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(title);
		return problem;
	}

	public static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		response.resetBuffer();
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		byte[] body = ("{\"type\":\"about:blank\",\"title\":\"" + json(status.getReasonPhrase()) + "\",\"status\":"
				+ status.value() + ",\"detail\":\"" + json(detail) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		// A known length lets the client take the answer while the body it sent is
		// unread.
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private static String json(String text) {
		StringBuilder out = new StringBuilder(text.length() + 16);
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
