package io.bpmnagents.support;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

/**
 * A client of the app under test on localhost that, unlike RestClient's default, never
 * throws on an error status: the tests read every status themselves.
 */
final class LocalHttp {

	private LocalHttp() {
	}

	/** Logged in with HTTP Basic as {@code user}, or anonymous when it is null. */
	static RestClient client(int port, String user, String password) {
		RestClient.Builder builder = RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			});
		if (user != null) {
			builder.defaultHeaders((headers) -> headers.setBasicAuth(user, password));
		}
		return builder.build();
	}

}
