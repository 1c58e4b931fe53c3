package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No body is read past its limit: a declared length over it is refused unread, a chunked
 * body is refused once it passes it, and neither starts anything.
 */
class RequestBodyLimitEndToEndTest extends EndToEndApiTest {

	private static final long FIFTY_MB = 50L * 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	RequestGuardsProperties limits;

	@Autowired
	HistoryService history;

	private static Map<String, String> admin(String contentType) {
		return Map.of("Authorization", RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD), "Content-Type", contentType);
	}

	private static void assertTooLarge(RawHttp.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(413);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).contains("bpmn-agents.security.max-body");
	}

	@Test
	void aOneMegabyteTaskIsRefusedAndStartsNoRun() throws Exception {
		long runs = this.history.createHistoricProcessInstanceQuery().count();
		String task = "x".repeat(1024 * 1024);
		byte[] body = ("{\"process\":\"sequential-pipeline\",\"input\":{\"task\":\"" + task + "\"}}")
			.getBytes(StandardCharsets.UTF_8);

		RawHttp.Response response = new RawHttp(this.port).send("POST", "/api/runs", admin("application/json"), body);

		assertTooLarge(response);
		assertThat(this.history.createHistoricProcessInstanceQuery().count()).isEqualTo(runs);
	}

	@Test
	void aDeclaredFiftyMegabyteBodyIsRefusedBeforeItIsSent() throws Exception {
		RawHttp.Response response = new RawHttp(this.port).sendHeadOnly("POST", "/api/runs", admin("application/json"),
				FIFTY_MB);

		assertTooLarge(response);
	}

	@Test
	void aDeclaredFiftyMegabyteDeploymentIsRefusedBeforeItIsSent() throws Exception {
		RawHttp.Response response = new RawHttp(this.port).sendHeadOnly("POST", "/engine-rest/deployment/create",
				admin("multipart/form-data; boundary=x"), FIFTY_MB);

		assertTooLarge(response);
	}

	@Test
	void anUnauthenticatedFiftyMegabyteBodyIsRefusedToo() throws Exception {
		RawHttp.Response response = new RawHttp(this.port).sendHeadOnly("POST", "/engine-rest/task",
				Map.of("Content-Type", "application/json"), FIFTY_MB);

		assertTooLarge(response);
	}

	@Test
	void aChunkedFiftyMegabyteBodyIsCutOffAtTheLimit() throws Exception {
		RawHttp.Streamed streamed = new RawHttp(this.port).sendChunked("POST", "/api/runs", admin("application/json"),
				FIFTY_MB, (byte) 'x');

		assertTooLarge(streamed.response());
		assertThat(streamed.bytesSent()).isLessThan(FIFTY_MB);
	}

	@Test
	void aChunkedBodyWithinTheLimitIsHandedOnWhole() throws Exception {
		// A chunked request is read into memory for counting; the API still gets all of
		// it.
		RawHttp.Streamed streamed = new RawHttp(this.port).sendChunked("POST", "/api/runs", admin("application/json"),
				10, (byte) ' ');

		// Ten spaces are no JSON object: the API's own 400 shows the body reached it.
		assertThat(streamed.response().status()).as(streamed.response().body()).isEqualTo(400);
	}

	@Test
	void deploymentsMayBeLargerThanOtherBodies() {
		assertThat(this.limits.maxDeploymentBody().toBytes()).isGreaterThan(this.limits.maxBody().toBytes());
		assertThat(new BodyLimitFilter(this.limits).limitFor("/engine-rest/deployment/create"))
			.isEqualTo(this.limits.maxDeploymentBody().toBytes());
		assertThat(new BodyLimitFilter(this.limits).limitFor("/api/runs")).isEqualTo(this.limits.maxBody().toBytes());
	}

}
