package io.bpmnagents.dataset;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static io.bpmnagents.support.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Datasets through {@code /api/datasets} over HTTP: imported from and exported to JSON
 * Lines, made from the runs a person may see, refused whole when a line is wrong, and
 * kept to the people allowed.
 */
class DatasetsEndToEndTest extends EndToEndApiTest {

	private static final String FILE = """
			{"id":"greeting","input":{"task":"Say hello in Czech: ahoj, čau","agents":["writer"]},"expected":"Mentions ahoj"}
			{"id":"numbers","input":{"task":"Count","maxRounds":2,"budget":{"maxCost":0.5}}}
			{"id":"from-a-run","input":{"task":"Plan"},"expected":"A plan","sourceRunId":"1234"}
			""";

	private final ObjectMapper json = new ObjectMapper();

	@Autowired
	AuthorizationService authorizations;

	@Test
	void givenAJsonLinesFile_whenImportedAndExported_thenTheExportIsTheFileByteForByte() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		String name = "round-trip-" + System.nanoTime();

		ResponseEntity<JsonNode> imported = importLines(operator, name + "?process=sequential-pipeline", FILE);

		assertThat(imported.getStatusCode().value()).isEqualTo(201);
		assertThat(imported.getBody().path("caseCount").asInt()).isEqualTo(3);
		assertThat(imported.getBody().path("process").asText()).isEqualTo("sequential-pipeline");
		assertThat(imported.getBody().path("createdBy").asText()).isEqualTo(operator.id());
		assertThat(export(operator, name)).isEqualTo(FILE);
		assertThat(operator.http()
			.get()
			.uri("/api/datasets/" + name)
			.accept(MediaType.ALL)
			.retrieve()
			.toEntity(JsonNode.class)
			.getBody()
			.path("cases")).as("the dataset for a client that accepts anything").hasSize(3);
	}

	@Test
	void givenAFileWithSpacesBlankLinesCrLfAndNoIds_whenExported_thenItIsInTheDocumentedNormalForm() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		String name = "normalised-" + System.nanoTime();
		String written = "{ \"input\": { \"task\": \"One\" } }\r\n\r\n{\"expected\": \"Two\", \"input\": {\"task\": \"Two\"}}";

		importLines(operator, name, written);

		assertThat(export(operator, name)).isEqualTo("""
				{"id":"case-1","input":{"task":"One"}}
				{"id":"case-2","input":{"task":"Two"},"expected":"Two"}
				""");
	}

	@Test
	void givenABrokenLine_whenImported_then400NamesTheLineAndTheDatasetStaysAsItWas() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		String name = "broken-" + System.nanoTime();
		importLines(operator, name, FILE);

		ResponseEntity<JsonNode> notJson = importLines(operator, name,
				"{\"input\":{\"task\":\"ok\"}}\n\n{\"input\": {\"task\": }\n");
		ResponseEntity<JsonNode> noInput = importLines(operator, name,
				"{\"input\":{\"task\":\"ok\"}}\n{\"inputs\":{}}\n");
		ResponseEntity<JsonNode> twice = importLines(operator, name,
				"{\"id\":\"a\",\"input\":{}}\n{\"id\":\"a\",\"input\":{}}\n");

		assertThat(notJson.getStatusCode().value()).isEqualTo(400);
		assertThat(notJson.getBody().path("line").asInt()).isEqualTo(3);
		assertThat(notJson.getBody().path("detail").asText()).startsWith("Line 3 is not JSON");
		assertRefused(noInput, 400, "Line 2", "unknown field 'inputs'");
		assertThat(noInput.getBody().path("line").asInt()).isEqualTo(2);
		assertRefused(twice, 400, "Line 2", "'a' is taken");
		assertThat(export(operator, name)).as("the dataset after the refused imports").isEqualTo(FILE);
	}

	@Test
	void givenRuns_whenADatasetIsMadeFromThem_thenOnlyRunsThePersonMaySeeBecomeCasesWithTheirInputAndOutputs()
			throws Exception {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		String own = operator.start("sequential-pipeline",
				Map.of("task", "Write a haiku", "agents", List.of("writer")));
		JsonNode ended = this.api.awaitEnd(own);
		String othersRun = this.api
			.runToCompletion("sequential-pipeline", Map.of("task", "Someone else's task", "agents", List.of("writer")))
			.id();
		revokeHistoryOfPipelines(operator);
		String name = "from-runs-" + System.nanoTime();

		ResponseEntity<JsonNode> refused = operator.post("/api/datasets",
				Map.of("name", name, "fromRuns", List.of(own, othersRun)));
		ResponseEntity<JsonNode> made = operator.post("/api/datasets",
				Map.of("name", name, "fromRuns", List.of(own), "expectOutputs", true));

		assertRefused(refused, 404, othersRun);
		assertThat(made.getStatusCode().value()).isEqualTo(201);
		assertThat(made.getHeaders().getLocation()).hasToString("/api/datasets/" + name);
		JsonNode onlyCase = made.getBody().path("cases").get(0);
		assertThat(made.getBody().path("process").asText()).isEqualTo("sequential-pipeline");
		assertThat(made.getBody().path("cases")).hasSize(1);
		assertThat(onlyCase.path("id").asText()).isEqualTo(own);
		assertThat(onlyCase.path("sourceRunId").asText()).isEqualTo(own);
		assertThat(onlyCase.path("input").path("task").asText()).isEqualTo("Write a haiku");
		assertThat(onlyCase.path("input").path("agents").get(0).asText()).isEqualTo("writer");
		assertThat(this.json.readTree(onlyCase.path("expected").asText())).as("the run's outputs, as JSON text")
			.isEqualTo(ended.path("output"));
	}

	@Test
	void givenPeopleOutsideTheGroups_whenTheyUseDatasets_thenTheyAreRefusedAndOnlyTheMakerChangesOne() {
		Person maker = this.people.inGroups(AccessGroups.OPERATORS);
		Person colleague = this.people.inGroups(AccessGroups.OPERATORS);
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		String name = "governed-" + System.nanoTime();
		ResponseEntity<JsonNode> created = maker.post("/api/datasets",
				Map.of("name", name, "cases", List.of(Map.of("input", Map.of("task", "One")))));

		assertThat(created.getStatusCode().value()).isEqualTo(201);
		assertThat(this.people.anonymous()
			.get()
			.uri("/api/datasets")
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(401);
		assertThat(approver.get("/api/datasets").getStatusCode().value()).isEqualTo(403);
		assertThat(approver.get("/api/datasets/" + name).getStatusCode().value()).isEqualTo(403);
		assertThat(colleague.get("/api/datasets/" + name).getStatusCode().value()).isEqualTo(200);
		assertThat(colleague.get("/api/datasets").getBody().findValuesAsText("name")).contains(name);
		assertThat(importLines(colleague, name, FILE).getStatusCode().value()).isEqualTo(403);
		assertThat(colleague.delete("/api/datasets/" + name).getStatusCode().value()).isEqualTo(403);
		assertThat(maker.post("/api/datasets", Map.of("name", name, "cases", List.of(Map.of("input", Map.of()))))
			.getStatusCode()
			.value()).isEqualTo(409);
		assertThat(maker.delete("/api/datasets/" + name).getStatusCode().value()).isEqualTo(204);
		assertThat(maker.get("/api/datasets/" + name).getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void givenBadRequests_whenADatasetIsMade_thenEachIs400WithWhatIsWrong() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		ResponseEntity<JsonNode> badName = operator.post("/api/datasets",
				Map.of("name", "no spaces", "cases", List.of(Map.of("input", Map.of()))));
		ResponseEntity<JsonNode> noCases = operator.post("/api/datasets", Map.of("name", "empty-" + System.nanoTime()));
		ResponseEntity<JsonNode> inputNotAnObject = operator.post("/api/datasets",
				Map.of("name", "text-" + System.nanoTime(), "cases", List.of(Map.of("input", "a task"))));
		ResponseEntity<JsonNode> unknownProcess = operator.post("/api/datasets",
				Map.of("name", "nowhere-" + System.nanoTime(), "process", "no-such-process", "cases",
						List.of(Map.of("input", Map.of()))));

		assertRefused(badName, 400, "'name'");
		assertRefused(noCases, 400, "needs cases");
		assertThat(inputNotAnObject.getStatusCode().value()).isEqualTo(400);
		assertThat(inputNotAnObject.getBody().path("detail").asText()).startsWith("cases[0]: 'input' must be");
		assertRefused(unknownProcess, 400, "no-such-process");
	}

	private ResponseEntity<JsonNode> importLines(Person person, String nameAndQuery, String file) {
		return person.http()
			.put()
			.uri("/api/datasets/" + nameAndQuery)
			.contentType(MediaType.APPLICATION_NDJSON)
			.body(file.getBytes(StandardCharsets.UTF_8))
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private String export(Person person, String name) {
		ResponseEntity<byte[]> exported = person.http()
			.get()
			.uri("/api/datasets/" + name)
			.accept(MediaType.APPLICATION_NDJSON)
			.retrieve()
			.toEntity(byte[].class);
		assertThat(exported.getStatusCode().value()).isEqualTo(200);
		assertThat(exported.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_NDJSON)).isTrue();
		return new String(exported.getBody(), StandardCharsets.UTF_8);
	}

	/**
	 * An administrator takes from this operator the right to read others' pipeline runs.
	 */
	private void revokeHistoryOfPipelines(Person person) {
		Authorization revoke = this.authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
		revoke.setUserId(person.id());
		revoke.setResource(Resources.PROCESS_DEFINITION);
		revoke.setResourceId("sequential-pipeline");
		revoke.removePermission(ProcessDefinitionPermissions.READ_HISTORY);
		this.authorizations.saveAuthorization(revoke);
	}

}
