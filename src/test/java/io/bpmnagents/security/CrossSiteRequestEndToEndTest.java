package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page on another site cannot use the browser's cached Basic credentials to change
 * anything; clients that are not browsers, and the app's own pages, are unaffected.
 */
class CrossSiteRequestEndToEndTest extends EndToEndApiTest {

	private static final String BOUNDARY = "----cross-site";

	@LocalServerPort
	int port;

	@Autowired
	RepositoryService repository;

	private static String basicAdmin() {
		return RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD);
	}

	private static byte[] deployment(String name) {
		String bpmn = People.emptyProcess(name);
		return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n" + name
				+ "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + name
				+ ".bpmn\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--" + BOUNDARY + "--\r\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	private RawHttp.Response deploy(String name, Map<String, String> browserHeaders) throws Exception {
		Map<String, String> headers = new LinkedHashMap<>(browserHeaders);
		headers.put("Authorization", basicAdmin());
		headers.put("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
		return new RawHttp(this.port).send("POST", "/engine-rest/deployment/create", headers, deployment(name));
	}

	private long deployed(String name) {
		return this.repository.createDeploymentQuery().deploymentName(name).count();
	}

	@ParameterizedTest
	@CsvSource({ "Origin, https://evil.example", "Origin, null", "Origin, http://localhost.evil.example",
			"Sec-Fetch-Site, cross-site", "Sec-Fetch-Site, same-site" })
	void aCrossSiteDeploymentIsRefusedAndDeploysNothing(String header, String value) throws Exception {
		String name = "cross-site-" + Math.abs((header + value).hashCode());

		RawHttp.Response response = deploy(name, Map.of(header, value));

		assertThat(response.status()).as(response.body()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).contains("Cross-site");
		assertThat(deployed(name)).isZero();
	}

	@Test
	void aCrossSiteOriginIsRefusedEvenWhenSecFetchSiteClaimsSameOrigin() throws Exception {
		RawHttp.Response response = deploy("mixed",
				Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "same-origin"));

		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void aPageOnAnotherPortOfThisHostIsRefused() throws Exception {
		RawHttp.Response response = deploy("other-port",
				Map.of("Origin", "http://localhost:1", "Sec-Fetch-Site", "same-site"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(deployed("other-port")).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:1", "https://localhost:{port}", "http://localhost",
			"http://localhost.:{port}x" })
	void anotherOriginOfThisHostIsRefusedWithoutSecFetchSite(String origin) throws Exception {
		String name = "other-origin-" + Math.abs(origin.hashCode());

		RawHttp.Response response = deploy(name, Map.of("Origin", origin.replace("{port}", "" + this.port)));

		assertThat(response.status()).as(response.body()).isEqualTo(403);
		assertThat(deployed(name)).isZero();
	}

	@Test
	void theOwnOriginPassesInAnySpellingWithoutSecFetchSite() throws Exception {
		RawHttp.Response response = deploy("own-origin-deploy", Map.of("Origin", "HTTP://LocalHost:" + this.port));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(deployed("own-origin-deploy")).isEqualTo(1);
	}

	@Test
	void aCrossSiteRunStartIsRefused() throws Exception {
		RawHttp.Response response = new RawHttp(this.port).send("POST", "/api/runs",
				Map.of("Authorization", basicAdmin(), "Content-Type", "text/plain", "Origin", "https://evil.example"),
				"{\"process\":\"sequential-pipeline\",\"input\":{\"task\":\"x\"}}".getBytes(StandardCharsets.UTF_8));

		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void requestsFromTheAppsOwnOriginPass() throws Exception {
		RawHttp.Response response = deploy("same-origin-deploy",
				Map.of("Origin", "http://localhost:" + this.port, "Sec-Fetch-Site", "same-origin"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(deployed("same-origin-deploy")).isEqualTo(1);
	}

	@Test
	void clientsThatAreNotBrowsersPass() throws Exception {
		RawHttp.Response response = deploy("no-browser-deploy", Map.of());

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(deployed("no-browser-deploy")).isEqualTo(1);
	}

	@Test
	void readingFromAnotherSiteIsNotThisFiltersConcern() throws Exception {
		RawHttp.Response response = new RawHttp(this.port).send("GET", "/api/agents",
				Map.of("Authorization", basicAdmin(), "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"),
				null);

		assertThat(response.status()).isEqualTo(200);
	}

}
