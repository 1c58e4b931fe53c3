package io.bpmnagents.run;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People.Person;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history behind the Cockpit plugins: finding runs, one run whole, and the agents'
 * figures per process, each only over the runs the person may see.
 */
class RunHistoryEndToEndTest extends EndToEndApiTest {

	@Test
	void aPersonFindsByTextOnlyTheRunsTheyMaySeeAndOperatorsFindAll() {
		String marker = "zebra" + System.nanoTime();
		Person ada = aStarter();
		Person bob = aStarter();
		String adas = start(ada, "Write about the " + marker + " crossing");
		String bobs = start(bob, "Write about a " + marker.toUpperCase() + " herd");
		this.api.awaitEnd(adas);
		this.api.awaitEnd(bobs);

		assertThat(ids(ada, "text=" + marker)).containsExactly(adas);
		assertThat(ids(bob, "text=" + marker)).containsExactly(bobs);
		assertThat(ids(this.people.inGroups(AccessGroups.OPERATORS), "text=" + marker)).containsExactly(bobs, adas);
		assertThat(ids(this.people.inGroups(AccessGroups.APPROVERS), "text=" + marker)).isEmpty();
		assertThat(ids(ada, "text=" + adas)).as("a run id is a text too").containsExactly(adas);
	}

	@Test
	void anApproverFindsTheRunsWhoseApprovalIsOfferedToThemAndNoOthers() {
		String marker = "heron" + System.nanoTime();
		String awaiting = this.api.start("sequential-pipeline",
				Map.of("task", "Write about the " + marker, "agents", List.of("researcher"), "requireApproval", true));
		String plain = this.api.start("sequential-pipeline",
				Map.of("task", "Write about a " + marker, "agents", List.of("researcher")));
		this.api.awaitUserTask(awaiting);
		this.api.awaitEnd(plain);

		assertThat(ids(this.people.inGroups(AccessGroups.APPROVERS), "text=" + marker)).containsExactly(awaiting);
		assertThat(ids(this.people.inGroups(), "text=" + marker)).isEmpty();
		assertThat(ids(this.people.inGroups(AccessGroups.OPERATORS), "text=" + marker)).containsExactly(plain,
				awaiting);
	}

	@Test
	void searchesCombineProcessStatusTimeAndTextAndTakeWildcardsLiterally() {
		String marker = "okapi" + System.nanoTime();
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		String id = start(operator, "Describe the " + marker + " in 50% of the words");
		JsonNode done = this.api.awaitEnd(id);
		String today = LocalDate.now(ZoneOffset.UTC).toString();
		String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

		assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(ids(operator, "text=" + marker + "&process=sequential-pipeline&status=completed"))
			.containsExactly(id);
		assertThat(ids(operator, "text=" + marker + "&startedFrom=" + today + "&startedTo=" + today))
			.containsExactly(id);
		assertThat(ids(operator, "text=" + marker + "&status=RUNNING")).isEmpty();
		assertThat(ids(operator, "text=" + marker + "&status=FAILED")).isEmpty();
		assertThat(ids(operator, "text=" + marker + "&process=debate")).isEmpty();
		assertThat(ids(operator, "text=" + marker + "&startedFrom=" + tomorrow)).isEmpty();
		assertThat(ids(operator, "text=" + marker + " in 50% of")).containsExactly(id);
		assertThat(ids(operator, "text=" + marker + " in 5_%")).as("_ and %% are no wildcards").isEmpty();
		JsonNode listed = page(operator, "text=" + marker).path("runs").get(0);
		assertThat(listed.path("process").asText()).isEqualTo("sequential-pipeline");
		assertThat(listed.path("startedBy").asText()).isEqualTo(operator.id());
		assertThat(listed.path("usage").path("calls").asLong()).isEqualTo(1);
	}

	@Test
	void pagesAreBoundedAndPageThroughNewestFirst() {
		String marker = "tapir" + System.nanoTime();
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		List<String> started = List.of(start(operator, marker + " one"), start(operator, marker + " two"),
				start(operator, marker + " three"));
		started.forEach(this.api::awaitEnd);

		JsonNode first = page(operator, "text=" + marker + "&size=2");
		JsonNode second = page(operator, "text=" + marker + "&size=2&page=1");

		assertThat(first.path("total").asLong()).isEqualTo(3);
		assertThat(first.path("runs")).hasSize(2);
		assertThat(second.path("runs")).hasSize(1);
		assertThat(List.of(first.path("runs").get(0).path("id").asText(), first.path("runs").get(1).path("id").asText(),
				second.path("runs").get(0).path("id").asText()))
			.containsExactlyInAnyOrderElementsOf(started);
		assertThat(page(operator, "").path("size").asInt()).isEqualTo(20);
		for (String bad : List.of("size=101", "size=0", "page=-1", "status=LOST", "startedFrom=yesterday",
				"text=" + "x".repeat(201))) {
			ResponseEntity<JsonNode> refused = operator.get("/api/runs?" + bad);
			assertThat(refused.getStatusCode().value()).as(bad).isEqualTo(400);
			assertThat(refused.getBody().path("detail").asText()).as(bad).isNotBlank();
			assertThat(refused.getBody().path("field").asText()).as(bad).isEqualTo(bad.substring(0, bad.indexOf('=')));
		}
	}

	@Test
	void aFinishedRunShowsItsPathWithLoopCountsItsVariablesAndItsIncidents() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		// Every model call fails until healed below (or, should the test fail first, by
		// the end-to-end tests' HealedSimulator).
		this.simulator.faults(new Simulator.Faults(1.0, 0, 0, 0));
		String id = operator.start("debate", Map.of("task", "Cats beat dogs", "maxRounds", 2));
		this.api.awaitIncident(id);
		JsonNode stuck = operator.get("/api/runs/" + id + "/history").getBody();
		assertThat(stuck.path("incidents")).isNotEmpty().allSatisfy((incident) -> {
			assertThat(incident.path("state").asText()).isEqualTo("open");
			assertThat(incident.path("activityId").asText()).startsWith("Task_Opening");
			assertThat(incident.path("message").asText()).contains("The simulated model failed");
		});
		assertThat(stuck.path("path")).anySatisfy((visit) -> assertThat(visit.path("active").asInt()).isOne());
		this.simulator.faults(new Simulator.Faults(0, 0, 0, 0));
		assertThat(operator.post("/api/runs/" + id + "/retry", Map.of()).getStatusCode().value()).isEqualTo(200);
		this.api.awaitEnd(id);

		JsonNode record = operator.get("/api/runs/" + id + "/history").getBody();

		assertThat(record.path("run").path("status").asText()).isEqualTo("COMPLETED");
		assertThat(record.path("startedBy").asText()).isEqualTo(operator.id());
		assertThat(visit(record, "Task_Counter").path("count").asInt()).isEqualTo(2);
		assertThat(visit(record, "Task_Defend").path("count").asInt()).isEqualTo(2);
		assertThat(visit(record, "Task_Judge").path("count").asInt()).isEqualTo(1);
		assertThat(record.path("path")).allSatisfy((visit) -> assertThat(visit.path("active").asInt()).isZero());
		assertThat(record.path("variables")).anySatisfy((variable) -> {
			assertThat(variable.path("name").asText()).isEqualTo("result");
			assertThat(variable.path("value").asText()).isNotBlank();
		});
		// History level audit keeps no incidents once they are resolved: the failed
		// attempts stay in the transcript.
		assertThat(record.path("incidents"))
			.allSatisfy((incident) -> assertThat(incident.path("state").asText()).isIn("resolved", "deleted"));
		assertThat(this.api.transcript(id)).filteredOn((call) -> call.has("error")).hasSizeGreaterThanOrEqualTo(3);
		String diagram = operator.http().get().uri("/api/runs/" + id + "/diagram").retrieve().body(String.class);
		assertThat(diagram).contains("<bpmn:process id=\"debate\"").contains("Task_Counter");
	}

	@Test
	void aCalledProcessIsPartOfItsRunAndNoRunOfItsOwn() {
		String marker = "ibis" + System.nanoTime();
		String id = this.api.startWaitingForApproval("Write about the " + marker);
		String approval = this.api.get("/engine-rest/process-instance?superProcessInstance=" + id)
			.getBody()
			.get(0)
			.path("id")
			.asText();
		Person administrator = this.people.inGroups(AccessGroups.OPERATORS, AccessGroups.ADMINISTRATORS);

		assertThat(ids(administrator, "text=" + marker)).containsExactly(id);
		assertThat(page(administrator, "process=result-approval").path("total").asLong()).isZero();
		ResponseEntity<JsonNode> asked = administrator.get("/api/runs/" + approval);
		assertThat(asked.getStatusCode().value()).isEqualTo(404);
		assertThat(asked.getBody().path("detail").asText()).contains("is not a run but the process result-approval")
			.contains("ask for /api/runs/" + id);
		ResponseEntity<JsonNode> stranger = aStarter().get("/api/runs/" + approval + "/transcript");
		assertThat(stranger.getStatusCode().value()).isEqualTo(404);
		assertThat(stranger.getBody().path("detail").asText()).as("names no run the stranger may not see")
			.doesNotContain(id);
	}

	@Test
	void anotherPersonsRunIsNotFoundAndNothingIsReadWithoutLogin() {
		Person ada = aStarter();
		String id = start(ada, "Write about privacy");
		this.api.awaitEnd(id);
		Person stranger = aStarter();
		RestClient anonymous = this.people.anonymous();

		for (String path : List.of("/api/runs/" + id + "/history", "/api/runs/" + id + "/diagram")) {
			assertThat(status(ada, path)).as(path).isEqualTo(200);
			assertThat(status(stranger, path)).as(path).isEqualTo(404);
			assertThat(status(this.people.inGroups(AccessGroups.MODELLERS), path)).as(path).isEqualTo(404);
		}
		for (String path : List.of("/api/runs", "/api/runs?text=privacy", "/api/runs/" + id + "/history",
				"/api/runs/" + id + "/diagram", "/api/processes/sequential-pipeline/agent-figures")) {
			assertThat(anonymous.get().uri(path).retrieve().toBodilessEntity().getStatusCode().value()).as(path)
				.isEqualTo(401);
		}
	}

	@Test
	void agentFiguresCoverThePersonsOwnRunsUnlessTheyMayReadTheProcesssHistory() {
		Person ada = aStarter();
		for (int i = 0; i < 3; i++) {
			this.api.awaitEnd(start(ada, "Figures " + i, List.of("writer", "editor")));
		}

		JsonNode own = ada.get("/api/processes/sequential-pipeline/agent-figures").getBody();
		JsonNode all = this.people.inGroups(AccessGroups.OPERATORS)
			.get("/api/processes/sequential-pipeline/agent-figures")
			.getBody();

		assertThat(own.path("allRuns").asBoolean()).isFalse();
		assertThat(own.path("runs").asLong()).isEqualTo(3);
		assertThat(own.path("agents")).extracting((agent) -> agent.path("agent").asText())
			.containsExactly("editor", "writer");
		assertThat(own.path("agents")).allSatisfy((agent) -> {
			assertThat(agent.path("calls").asLong()).isEqualTo(3);
			assertThat(agent.path("failed").asLong()).isZero();
			assertThat(agent.path("promptTokens").asLong()).isPositive();
			assertThat(agent.path("completionTokens").asLong()).isPositive();
			long p50 = agent.path("latencyP50").asLong();
			long p90 = agent.path("latencyP90").asLong();
			long p99 = agent.path("latencyP99").asLong();
			assertThat(p50).isLessThanOrEqualTo(p90);
			assertThat(p90).isLessThanOrEqualTo(p99);
			assertThat(p99).isLessThanOrEqualTo(agent.path("latencyMax").asLong());
		});
		assertThat(all.path("allRuns").asBoolean()).isTrue();
		assertThat(all.path("runs").asLong()).isGreaterThanOrEqualTo(3);
		assertThat(ada.get("/api/processes/no-such-process/agent-figures").getStatusCode().value()).isEqualTo(404);
	}

	private static int status(Person person, String path) {
		return person.http().get().uri(path).retrieve().toBodilessEntity().getStatusCode().value();
	}

	private static JsonNode visit(JsonNode record, String activityId) {
		for (JsonNode visit : record.path("path")) {
			if (visit.path("activityId").asText().equals(activityId)) {
				return visit;
			}
		}
		throw new AssertionError("No visit of " + activityId + " in " + record.path("path"));
	}

	private static String start(Person person, String task) {
		return start(person, task, List.of("writer"));
	}

	private static String start(Person person, String task, List<String> agents) {
		ResponseEntity<JsonNode> started = person.post("/api/runs",
				Map.of("process", "sequential-pipeline", "input", Map.of("task", task, "agents", agents)));
		assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(201);
		return started.getBody().path("id").asText();
	}

	private static JsonNode page(Person person, String query) {
		ResponseEntity<JsonNode> response = person.get("/api/runs?" + query);
		assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
		return response.getBody();
	}

	private static List<String> ids(Person person, String query) {
		return page(person, query).path("runs").findValuesAsText("id");
	}

	/**
	 * A person in no shipped group whom an administrator allowed to start the pipeline
	 * and nothing else: not to read the history of its runs.
	 */
	private Person aStarter() {
		return this.people.allowedToStart("sequential-pipeline");
	}

}
