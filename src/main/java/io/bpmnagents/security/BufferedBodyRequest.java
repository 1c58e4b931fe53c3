package io.bpmnagents.security;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A request whose body was read (to count or inspect it), readable again from memory. A
 * form body also answers the parameter methods, which the container would otherwise parse
 * from its own, already consumed, stream. The body may differ from the one received (a
 * filter that rewrites it): its length is what the request says.
 */
public final class BufferedBodyRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private Map<String, String[]> parameters;

	public BufferedBodyRequest(HttpServletRequest request, byte[] body) {
		super(request);
		this.body = body;
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream in = new ByteArrayInputStream(this.body);
		return new ServletInputStream() {

			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return in.read(b, off, len);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("Asynchronous reading is not supported");
			}

		};
	}

	@Override
	public int getContentLength() {
		return this.body.length;
	}

	@Override
	public long getContentLengthLong() {
		return this.body.length;
	}

	@Override
	public String getHeader(String name) {
		return isContentLength(name) ? String.valueOf(this.body.length) : super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		return isContentLength(name) ? Collections.enumeration(java.util.List.of(String.valueOf(this.body.length)))
				: super.getHeaders(name);
	}

	private static boolean isContentLength(String name) {
		return "content-length".equalsIgnoreCase(name);
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
	}

	private Charset charset() {
		String encoding = getCharacterEncoding();
		return (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
	}

	// The container would parse a form body from its own stream, already read here.
	@Override
	public String getParameter(String name) {
		String[] values = parameters().get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters();
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		return parameters().get(name);
	}

	private synchronized Map<String, String[]> parameters() {
		if (this.parameters == null) {
			MultiValueMap<String, String> all = new LinkedMultiValueMap<>();
			add(all, getQueryString());
			String type = (getContentType() != null) ? getContentType().toLowerCase(Locale.ROOT) : "";
			if (type.startsWith("application/x-www-form-urlencoded")) {
				add(all, new String(this.body, charset()));
			}
			Map<String, String[]> result = new LinkedHashMap<>();
			all.forEach((name, values) -> result.put(name, values.toArray(String[]::new)));
			this.parameters = Collections.unmodifiableMap(result);
		}
		return this.parameters;
	}

	private static void add(MultiValueMap<String, String> all, String encoded) {
		if (encoded == null || encoded.isEmpty()) {
			return;
		}
		MultiValueMap<String, String> parsed = UriComponentsBuilder.newInstance()
			.query(encoded)
			.build()
			.getQueryParams();
		parsed.forEach((name, values) -> all.addAll(decode(name),
				values.stream().map((value) -> (value != null) ? decode(value) : "").toList()));
	}

	private static String decode(String text) {
		try {
			return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
