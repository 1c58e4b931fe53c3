package io.bpmnagents.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People.Person;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run belongs to the person who started it: they, operators and administrators see it;
 * anybody else is told there is no such run. A person's message is recorded as theirs.
 */
class RunOwnershipEndToEndTest extends EndToEndApiTest {

	@Test
	void aRunIsSeenByItsStarterOperatorsAndAdministratorsAndByNobodyElse() {
		Person ada = aStarter();
		Person bob = aStarter();
		ResponseEntity<JsonNode> started = ada.post("/api/runs", Map.of("process", "sequential-pipeline", "input",
				Map.of("task", "Write about ownership", "agents", List.of("writer"))));
		String id = started.getBody().path("id").asText();
		this.api.awaitEnd(id);

		assertThat(started.getStatusCode().value()).isEqualTo(201);
		assertThat(ada.get("/api/runs/" + id).getStatusCode().value()).isEqualTo(200);
		assertThat(ada.get("/api/runs/" + id + "/transcript").getBody()).hasSize(1);
		assertThat(events(ada, id).getBody()).contains("event:run-ended");
		assertThat(this.people.inGroups(AccessGroups.OPERATORS).get("/api/runs/" + id).getStatusCode().value())
			.isEqualTo(200);
		assertThat(this.api.get("/api/runs/" + id).getStatusCode().value()).isEqualTo(200);
		assertThat(this.api.get("/engine-rest/history/process-instance/" + id).getBody().path("startUserId").asText())
			.isEqualTo(ada.id());

		for (Person other : List.of(bob, this.people.inGroups(), this.people.inGroups(AccessGroups.APPROVERS),
				this.people.inGroups(AccessGroups.MODELLERS))) {
			List<ResponseEntity<?>> attempts = List.of(other.get("/api/runs/" + id),
					other.get("/api/runs/" + id + "/transcript"), events(other, id),
					other.post("/api/runs/" + id + "/messages", Map.of("content", "hi")),
					other.post("/api/runs/" + id + "/approval", Map.of("approved", true)),
					other.post("/api/runs/" + id + "/retry", Map.of()));
			assertThat(attempts)
				.allSatisfy((response) -> assertThat(response.getStatusCode().value()).as(other.id() + " " + response)
					.isEqualTo(404));
			// Told exactly what a run that does not exist is told.
			assertThat(other.get("/api/runs/" + id).getBody().path("detail").asText()).isEqualTo(
					other.get("/api/runs/no-such-run").getBody().path("detail").asText().replace("no-such-run", id));
		}
	}

	@Test
	void aPersonsMessageIsRecordedAsSentByTheLoggedInPersonWhateverTheBodySays() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		// Every model call fails until healed below (or, should the test fail first, by
		// the end-to-end tests' HealedSimulator).
		this.simulator.faults(new Simulator.Faults(1.0, 0, 0, 0));
		// The first turn fails until retried, so the conversation is surely
		// listening.
		String id = operator.start("round-robin-conversation", Map.of("task", "Plan a picnic"));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> operator.get("/api/runs/" + id).getBody().path("incidents").size() > 0);

		ResponseEntity<JsonNode> sent = operator.post("/api/runs/" + id + "/messages",
				Map.of("from", "Mallory", "content", "Bring an umbrella"));
		assertThat(sent.getStatusCode().value()).isEqualTo(202);
		this.simulator.faults(new Simulator.Faults(0, 0, 0, 0));
		assertThat(operator.post("/api/runs/" + id + "/retry", Map.of()).getStatusCode().value()).isEqualTo(200);

		JsonNode done = this.api.awaitEnd(id);
		assertThat(done.path("output").path("conversation"))
			.anySatisfy((entry) -> assertThat(entry.path("message").asText()).isEqualTo("Bring an umbrella"))
			.filteredOn((entry) -> entry.path("human").asBoolean())
			.singleElement()
			.satisfies((entry) -> assertThat(entry.path("speaker").asText()).isEqualTo(operator.id()));
	}

	private static ResponseEntity<String> events(Person person, String id) {
		return person.http()
			.get()
			.uri("/api/runs/" + id + "/events")
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON)
			.retrieve()
			.toEntity(String.class);
	}

	/**
	 * A person in no shipped group whom an administrator allowed to start two processes,
	 * and nothing else: not to read their runs' history, not to see others' runs.
	 */
	private Person aStarter() {
		return this.people.allowedToStart("sequential-pipeline", "round-robin-conversation");
	}

}
