package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.RawHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * However a path is encoded (percent-encoded letters, encoded or doubled slashes, double
 * encoding, {@code ;} parameters, overlong UTF-8), every route answers as for the path it
 * decodes to, or with a {@code 4xx} saying the path is not accepted: never a server
 * error, with or without credentials.
 */
class EncodedPathSecurityTest extends EndToEndApiTest {

	private static final String ADMIN = RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD);

	@LocalServerPort
	int port;

	static Stream<String> encodedPaths() {
		List<String> paths = new ArrayList<>();
		for (String path : List.of("/api/runs", "/api/agents", "/engine-rest/engine", "/engine-rest/task",
				"/camunda/api/engine/engine/default/task", "/camunda/app/cockpit/default/", "/actuator/health",
				"/actuator/prometheus", "/v3/api-docs")) {
			int second = path.indexOf('/', 1);
			String first = path.substring(1, 2);
			String rest = path.substring(2);
			String hex = Integer.toHexString(first.charAt(0));
			paths.add("/%" + hex + rest);
			paths.add("/%" + hex.toUpperCase() + rest);
			paths.add("/%25" + hex + rest);
			paths.add("/%2525" + hex + rest);
			paths.add(path.substring(0, second) + "%2F" + path.substring(second + 1));
			paths.add(path.substring(0, second) + "%2f" + path.substring(second + 1));
			paths.add(path.substring(0, second) + "%252F" + path.substring(second + 1));
			paths.add(path.substring(0, second) + "%5C" + path.substring(second + 1));
			paths.add(path.substring(0, second) + ";x=1" + path.substring(second));
			paths.add(path.substring(0, second) + "%3Bx=1" + path.substring(second));
			paths.add(path.substring(0, second) + "/%c0%af" + path.substring(second + 1));
			paths.add(path.substring(0, second) + "%c0%ae%c0%ae/" + path.substring(second + 1));
			paths.add(path.substring(0, second) + "/%2e" + path.substring(second));
			paths.add(path.substring(0, second) + "/%2e%2e" + path.substring(second));
			paths.add(path + "%00");
			paths.add(path + "/%ff");
			paths.add(path + "%");
		}
		return paths.stream();
	}

	@ParameterizedTest
	@MethodSource("encodedPaths")
	void anEncodedPathIsNeverAServerError(String path) throws Exception {
		RawHttp.Response anonymous = new RawHttp(this.port).send("GET", path, Map.of(), null);
		RawHttp.Response admin = new RawHttp(this.port).send("GET", path, Map.of("Authorization", ADMIN), null);
		RawHttp.Response posted = new RawHttp(this.port).send("POST", path,
				Map.of("Authorization", ADMIN, "Content-Type", "application/json"),
				"{}".getBytes(StandardCharsets.UTF_8));

		assertThat(anonymous.status()).as(anonymous.body()).isBetween(200, 499);
		assertThat(admin.status()).as(admin.body()).isBetween(200, 499);
		assertThat(posted.status()).as(posted.body()).isBetween(200, 499);
	}

}
