package io.bpmnagents.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path a request addresses, the way any component behind us could read it: matrix
 * parameters ({@code ;…}) dropped, percent-encoding undone (repeatedly, so a doubly
 * encoded segment cannot hide), backslashes and repeated slashes taken as one slash,
 * {@code .} and {@code ..} resolved, lower case, no trailing slash. Checks compare this
 * form, never the raw URI, so no spelling of a refused path gets through.
 */
public final class RequestPaths {

	private RequestPaths() {
	}

	/** The normalised path within the application (without the context path). */
	public static String of(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		String path = normalise(uri);
		String normalisedContext = normalise(context);
		if (!normalisedContext.equals("/") && path.startsWith(normalisedContext)) {
			path = path.substring(normalisedContext.length());
		}
		return path.isEmpty() ? "/" : path;
	}

	/**
	 * Whether the request's normalised path is {@code prefix} or below it (so
	 * {@code /apix} is not under {@code /api}).
	 */
	public static boolean isUnder(HttpServletRequest request, String prefix) {
		String path = of(request);
		return path.equals(prefix) || path.startsWith(prefix + "/");
	}

	static String normalise(String raw) {
		String decoded = (raw != null) ? raw : "";
		for (int round = 0; round < 5; round++) {
			String next = decode(stripMatrixParameters(decoded));
			if (next.equals(decoded)) {
				break;
			}
			decoded = next;
		}
		decoded = stripMatrixParameters(decoded).replace('\\', '/');
		Deque<String> segments = new ArrayDeque<>();
		for (String segment : decoded.split("/")) {
			String trimmed = segment.strip();
			if (trimmed.isEmpty() || trimmed.equals(".")) {
				continue;
			}
			if (trimmed.equals("..")) {
				segments.pollLast();
				continue;
			}
			segments.addLast(trimmed.toLowerCase(Locale.ROOT));
		}
		return "/" + String.join("/", segments);
	}

	/** Drops {@code ;params} of every segment, as servlet containers do. */
	private static String stripMatrixParameters(String path) {
		if (path.indexOf(';') < 0) {
			return path;
		}
		StringBuilder out = new StringBuilder(path.length());
		boolean inParameters = false;
		for (char c : path.toCharArray()) {
			if (c == ';') {
				inParameters = true;
			}
			else if (c == '/' || c == '\\') {
				inParameters = false;
				out.append(c);
			}
			else if (!inParameters) {
				out.append(c);
			}
		}
		return out.toString();
	}

	/** Percent-decoding that leaves a malformed escape as it is instead of failing. */
	private static String decode(String text) {
		if (text.indexOf('%') < 0) {
			return text;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
		byte[] raw = text.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < raw.length; i++) {
			if (raw[i] == '%' && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
				bytes.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
				i += 2;
			}
			else {
				bytes.write(raw[i]);
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	static boolean isHex(byte b) {
		return Character.digit(b, 16) >= 0;
	}

	/** Whether every {@code %} of a query string starts a complete escape. */
	public static boolean wellFormedQuery(String query) {
		if (query == null) {
			return true;
		}
		byte[] raw = query.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < raw.length; i++) {
			if (raw[i] == '%') {
				if (i + 2 >= raw.length || !isHex(raw[i + 1]) || !isHex(raw[i + 2])) {
					return false;
				}
				i += 2;
			}
		}
		return true;
	}

}
