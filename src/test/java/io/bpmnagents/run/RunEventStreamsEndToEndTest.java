package io.bpmnagents.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event streams are bounded per person and a client that goes away is noticed within
 * seconds (the idle stream's heartbeat fails), which gives its place back.
 */
class RunEventStreamsEndToEndTest extends EndToEndApiTest {

	@LocalServerPort
	int port;

	@Autowired
	RunEvents events;

	@Autowired
	EventStreamProperties properties;

	private final List<Socket> clients = new ArrayList<>();

	/** Leaves no stream counted against the shared user for the tests that follow. */
	@AfterEach
	void closeClients() throws IOException {
		for (Socket client : this.clients) {
			client.close();
		}
		await().atMost(this.properties.heartbeat().multipliedBy(4))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.events.openBy(ApiClient.USER) == 0);
	}

	/** Opens a stream as a browser would and returns once its status line arrived. */
	private String follow(String runId) throws IOException {
		Socket client = new Socket("127.0.0.1", this.port);
		this.clients.add(client);
		String credentials = Base64.getEncoder()
			.encodeToString((ApiClient.USER + ":" + ApiClient.PASSWORD).getBytes(StandardCharsets.UTF_8));
		OutputStream out = client.getOutputStream();
		out.write(("GET /api/runs/" + runId + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
				+ "Authorization: Basic " + credentials + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		client.setSoTimeout(20_000);
		return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII)).readLine();
	}

	@Test
	void givenAPersonFollowingTheMostRunsWhenOneClientGoesAwayThenItsPlaceIsFreeWithinSeconds() throws Exception {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Wait for a person", "agents", List.of("writer"), "requireApproval", true));
		this.api.awaitUserTask(id);
		for (int i = 0; i < this.properties.maxPerUser(); i++) {
			assertThat(follow(id)).isEqualTo("HTTP/1.1 200 ");
		}

		ResponseEntity<JsonNode> oneTooMany = this.api.get("/api/runs/" + id + "/events");
		assertThat(oneTooMany.getStatusCode().value()).isEqualTo(429);
		assertThat(oneTooMany.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(oneTooMany.getBody().path("detail").asText()).contains("bpmn-agents.events.max-per-user");

		this.clients.remove(0).close();

		await().atMost(this.properties.heartbeat().multipliedBy(4))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.events.openBy(ApiClient.USER) == this.properties.maxPerUser() - 1);
		assertThat(follow(id)).isEqualTo("HTTP/1.1 200 ");
		assertThat(this.events.openBy(ApiClient.USER)).isEqualTo(this.properties.maxPerUser());
	}

}
