package io.bpmnagents.support;

import java.net.URI;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A client of the app under test on localhost that, unlike RestClient's default, never
 * throws on an error status: the tests read every status themselves.
 */
final class LocalHttp {

	private static final String REST = "/engine-rest/";

	private LocalHttp() {
	}

	/** Logged in with HTTP Basic as {@code user}, or anonymous when it is null. */
	static RestClient client(int port, String user, String password) {
		return client(port, "default", user, password);
	}

	/**
	 * The same, for a context whose engine is named {@code engine}: Camunda's REST API
	 * finds engines by name in a JVM-wide registry and its unnamed paths mean the engine
	 * named "default", so a context with an engine (and database) of its own is reached
	 * under /engine-rest/engine/{name}.
	 */
	static RestClient client(int port, String engine, String user, String password) {
		RestClient.Builder builder = RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			});
		if (user != null) {
			builder.defaultHeaders((headers) -> headers.setBasicAuth(user, password));
		}
		if (!"default".equals(engine)) {
			builder.requestInterceptor((request, body, execution) -> execution.execute(named(request, engine), body));
		}
		return builder.build();
	}

	private static HttpRequest named(HttpRequest request, String engine) {
		String path = request.getURI().getRawPath();
		if (!path.startsWith(REST) || path.startsWith(REST + "engine/")) {
			return request;
		}
		URI uri = UriComponentsBuilder.fromUri(request.getURI())
			.replacePath(REST + "engine/" + engine + "/" + path.substring(REST.length()))
			.build(true)
			.toUri();
		return new HttpRequestWrapper(request) {
			@Override
			public URI getURI() {
				return uri;
			}
		};
	}

}
