package io.bpmnagents.task;

import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model error that quotes credentials is stored without them, in the transcript and in
 * the incident a person reads in Cockpit.
 */
class ModelErrorRedactionProcessTest extends PatternProcessTest {

	private static final String KEY = "sk-proj-Zx81TopSecretKey0042";

	@Autowired
	TranscriptStore transcript;

	@Autowired
	ExternalTaskService externalTasks;

	@Autowired
	ManagementService management;

	@Test
	void credentialsInAModelErrorReachNeitherTranscriptNorIncident() {
		this.model.script("researcher", (call) -> {
			throw new IllegalStateException("401 from https://bob:hunter2@llm.example.com/v1/chat?api_key=" + KEY
					+ " with Authorization: Bearer " + KEY);
		});
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Summarize the quarter"));

		this.driver.runUntilQuiet();

		RunView stuck = this.runs.view(run.id());
		assertThat(stuck.incidents()).singleElement().satisfies((incident) -> {
			assertThat(incident.message()).contains("401 from https://***@llm.example.com")
				.doesNotContain(KEY)
				.doesNotContain("hunter2");
		});
		String taskId = this.externalTasks.createExternalTaskQuery().processInstanceId(run.id()).singleResult().getId();
		assertThat(this.externalTasks.getExternalTaskErrorDetails(taskId)).doesNotContain(KEY)
			.doesNotContain("hunter2");
		assertThat(this.transcript.forRun(run.id())).isNotEmpty().allSatisfy((call) -> {
			assertThat(call.error()).contains("***").doesNotContain(KEY).doesNotContain("hunter2");
		});
	}

}
