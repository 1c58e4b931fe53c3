package io.bpmnagents.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run's event stream is sent to a person only while they may see the run: each look at
 * the run is made as that person, with the grants and groups they have then, so a
 * withdrawn grant or membership ends their stream.
 */
@EndToEndTest
class EventStreamAccessSecurityTest {

	@LocalServerPort
	int port;

	@Autowired
	ApiClient api;

	@Autowired
	People people;

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
		Authorization grant = this.authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
		grant.setUserId(carol.id());
		grant.setResource(Resources.PROCESS_DEFINITION);
		grant.setResourceId("sequential-pipeline");
		grant.addPermission(ProcessDefinitionPermissions.READ_HISTORY);
		String grantId = this.authorizations.saveAuthorization(grant).getId();
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
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Wait for a person", "agents", List.of("writer"), "requireApproval", true));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.api.run(id).path("userTasks").size() == 1);
		return id;
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
