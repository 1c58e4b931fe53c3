package io.bpmnagents.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run's event stream is sent to a person only while they may see the run: a grant or
 * membership withdrawn through the Java API on this node has the stream check again, as
 * that person with the grants and groups they have then, and end.
 */
class EventStreamAccessSecurityTest extends EndToEndApiTest {

	@LocalServerPort
	int port;

	@Autowired
	IdentityService identity;

	@Autowired
	AuthorizationService authorizations;

	@Test
	void aFollowerWhoLeavesTheOperatorsStopsReceivingTheRunsEvents() throws Exception {
		String id = aRunWaitingForApproval();
		Person bob = this.people.inGroups(AccessGroups.OPERATORS);
		HttpResponse<Stream<String>> stream = follow(bob, id);
		CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> stream.body().toList());
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(events).isNotDone();

		this.identity.deleteMembership(bob.id(), AccessGroups.OPERATORS);

		await().atMost(Duration.ofSeconds(30)).until(events::isDone);
		assertThat(events.get()).noneMatch((line) -> line.contains("run-ended"));
		assertThat(this.api.run(id).path("status").asText()).isEqualTo("RUNNING");
	}

	@Test
	void aFollowerWhoseGrantIsWithdrawnStopsReceivingTheRunsEvents() throws Exception {
		String id = aRunWaitingForApproval();
		Person carol = this.people.inGroups();
		String grantId = this.people.grant(carol, Resources.PROCESS_DEFINITION, "sequential-pipeline",
				ProcessDefinitionPermissions.READ_HISTORY);
		HttpResponse<Stream<String>> stream = follow(carol, id);
		CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> stream.body().toList());
		assertThat(stream.statusCode()).isEqualTo(200);
		assertThat(events).isNotDone();

		this.authorizations.deleteAuthorization(grantId);

		await().atMost(Duration.ofSeconds(30)).until(events::isDone);
		assertThat(events.get()).noneMatch((line) -> line.contains("run-ended"));
		assertThat(carol.get("/api/runs/" + id + "/events").getStatusCode().value()).isEqualTo(404);
	}

	private String aRunWaitingForApproval() {
		return this.api.startWaitingForApproval("Wait for a person");
	}

	/** Opens the person's stream; returns once its headers arrived. */
	private HttpResponse<Stream<String>> follow(Person person, String id) throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString((person.id() + ":" + People.PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/runs/" + id + "/events"))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Basic " + credentials)
			.GET()
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
	}

}
