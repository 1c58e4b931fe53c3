package io.bpmnagents.security;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task that does not exist (never did, or was completed or deleted meanwhile) is a
 * {@code 404} with a message that names it, whatever Camunda's REST API does with the
 * task: completed, claimed or its form submitted. Camunda itself answers these with
 * {@code 500}.
 */
class MissingTaskEndToEndTest extends EndToEndApiTest {

	private static final String NO_SUCH_TASK = "no-such-task-4711";

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Test
	void completingATaskThatDoesNotExistIsNotFound() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		ResponseEntity<JsonNode> answer = operator.completeTask(NO_SUCH_TASK, Map.of("approved", "true"));

		assertNotFound(answer);
	}

	@Test
	void claimingATaskThatDoesNotExistIsNotFound() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		ResponseEntity<JsonNode> answer = operator.post("/engine-rest/task/" + NO_SUCH_TASK + "/claim",
				Map.of("userId", operator.id()));

		assertNotFound(answer);
	}

	@Test
	void submittingTheFormOfATaskThatDoesNotExistIsNotFound() {
		ResponseEntity<JsonNode> answer = this.api.post("/engine-rest/task/" + NO_SUCH_TASK + "/submit-form",
				Map.of("variables", Map.of()));

		assertNotFound(answer);
	}

	@Test
	void aTaskThatExistsButIsNotThePersonsToWorkOnIsStillRefusedNotHidden() {
		String key = "missing-task-" + System.nanoTime();
		this.repository.createDeployment().addString(key + ".bpmn", People.waitingProcess(key)).deploy();
		String run = this.runtime.startProcessInstanceByKey(key).getId();
		String task = this.tasks.createTaskQuery().processInstanceId(run).singleResult().getId();
		Person stranger = this.people.inGroups();

		ResponseEntity<JsonNode> answer = stranger.completeTask(task, Map.of());

		assertThat(answer.getStatusCode().value()).isEqualTo(403);
		assertThat(this.tasks.createTaskQuery().taskId(task).count()).isOne();
	}

	private static void assertNotFound(ResponseEntity<JsonNode> answer) {
		assertThat(answer.getStatusCode().value()).isEqualTo(404);
		assertThat(answer.getBody().path("message").asText()).contains("Cannot find task with id " + NO_SUCH_TASK)
			.endsWith("it does not exist, or it was completed or deleted meanwhile")
			.doesNotContain("is null");
	}

}
