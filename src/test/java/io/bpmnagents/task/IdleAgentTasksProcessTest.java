package io.bpmnagents.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A run with no new answer for a set time: an agent task that a worker holds while its
 * run's transcript stays silent raises AGENT_STALLED (the conversation patterns ask a
 * person; where nothing catches it, an incident); a run waiting for a person, and a task
 * no worker has taken, are not stalled. The hung worker is played by a fetch that never
 * answers, and the check is asked as if an hour had passed.
 */
class IdleAgentTasksProcessTest extends PatternProcessTest {

	private static final Duration IDLE_AFTER = Duration.ofMinutes(10);

	@Autowired
	IdleAgentTasks idle;

	@Test
	void aConversationTurnHeldWithoutANewAnswerAsksAPersonHowToGoOn() {
		RunView run = this.runs.start("round-robin-conversation",
				Map.of("task", "Plan a trip", "agents", List.of("writer", "editor"), "maxTurns", 4));
		ProcessInstance instance = instance(run);
		ExternalTask held = heldByAHungWorker(run);

		List<String> raised = this.idle.check(anHourLater(), IDLE_AFTER);

		assertThat(raised).contains(held.getId());
		assertThat(instance).hasPassed("BoundaryEvent_AgentStalled").isWaitingAt("UserTask_DecideOnStall");
		assertThat(this.runtime.getVariable(run.id(), "stallReason")).asString()
			.contains("had no new answer for more than 10m (bpmn-agents.stall.idle-after)");
	}

	@Test
	void aRunWaitingForAPersonAndATaskNoWorkerTookAreNotStalled() {
		this.model.script("writer", (call) -> "I agree with everything said.");
		this.model.script("editor", (call) -> "I agree with everything said.");
		RunView waiting = this.runs.start("round-robin-conversation",
				Map.of("task", "Plan a trip", "agents", List.of("writer", "editor"), "maxTurns", 10));
		this.driver.runUntilQuiet();
		RunView untaken = this.runs.start("round-robin-conversation",
				Map.of("task", "Plan a walk", "agents", List.of("writer", "editor"), "maxTurns", 4));
		runJobs();

		List<String> raised = this.idle.check(anHourLater(), IDLE_AFTER);

		// (other tests' runs share the engine: only these two are looked at)
		List<String> untakenTasks = this.externalTasks()
			.createExternalTaskQuery()
			.processInstanceId(untaken.id())
			.list()
			.stream()
			.map(ExternalTask::getId)
			.toList();
		assertThat(untakenTasks).isNotEmpty();
		assertThat(raised).doesNotContainAnyElementsOf(untakenTasks);
		assertThat(instance(waiting)).isWaitingAt("UserTask_DecideOnStall");
		assertThat(this.runtime.getVariable(waiting.id(), "stallReason")).asString()
			.contains("The conversation repeats itself");
		assertThat(this.externalTasks().createExternalTaskQuery().processInstanceId(untaken.id()).count()).isOne();
		assertThat(this.runtime.createIncidentQuery().processInstanceId(waiting.id()).count()).isZero();
		assertThat(this.runtime.createIncidentQuery().processInstanceId(untaken.id()).count()).isZero();
	}

	@Test
	void whereNothingCatchesItAnIdleTaskBecomesAnIncidentSayingSo() {
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("idle-uncaught.bpmn",
					AgentTaskChains.model("idle-uncaught",
							AgentTaskChains.Step.of("Task_Answer", "researcher", "${task}", "result")))
			.deploy();
		RunView run = this.runs.start("idle-uncaught", Map.of("task", "Explain the tides"));
		heldByAHungWorker(run);

		this.idle.check(anHourLater(), IDLE_AFTER);

		assertThat(instance(run)).isWaitingAt("Task_Answer");
		Incident incident = this.runtime.createIncidentQuery().processInstanceId(run.id()).singleResult();
		assertThat(incident.getIncidentMessage()).contains("had no new answer")
			.contains("Nothing on the path of 'Task_Answer' catches the BPMN escalation AGENT_STALLED");
		assertThat(
				this.externalTasks().createExternalTaskQuery().processInstanceId(run.id()).singleResult().getWorkerId())
			.isNull();
	}

	@Test
	void aHungPipelineStageIsPausedForAPersonAndNeitherRaisedAgainNorFetched() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Summarize the tides, then pause", "agents", List.of("writer")));
		ExternalTask held = heldByAHungWorker(run);

		assertThat(this.idle.check(anHourLater(), IDLE_AFTER)).contains(held.getId());

		assertThat(instance(run)).hasPassed("StartEvent_AgentPaused")
			.isWaitingAt("Task_Stage", "UserTask_DecideOnStall");
		assertThat(this.idle.check(anHourLater().plus(Duration.ofDays(1)), IDLE_AFTER)).doesNotContain(held.getId());
		assertThat(this.engine.getTaskService().createTaskQuery().processInstanceId(run.id()).count()).isOne();
		// The pause is the task's row: no worker, of this node or after a restart, takes
		// it.
		assertThat(externalTasks().fetchAndLock(10, "another-node")
			.topic(held.getTopicName(), 60_000L)
			.processInstanceVariableEquals("task", "Summarize the tides, then pause")
			.execute()).isEmpty();
		ExternalTask paused = externalTasks().createExternalTaskQuery().externalTaskId(held.getId()).singleResult();
		assertThat(paused.getWorkerId()).isEqualTo(PausedAgentTasks.PAUSED_WORKER);
		assertThat(paused.getErrorMessage()).startsWith("Waiting for a person").contains("had no new answer");
		// The hung worker's answer, should it come, is not taken.
		assertThatThrownBy(() -> externalTasks().complete(held.getId(), "hung-worker"))
			.isInstanceOf(BadUserRequestException.class);
	}

	/** The run's agent task, taken by a worker that never answers. */
	private ExternalTask heldByAHungWorker(RunView run) {
		runJobs();
		ExternalTask task = this.externalTasks().createExternalTaskQuery().processInstanceId(run.id()).singleResult();
		this.externalTasks().fetchAndLock(1, "hung-worker").topic(task.getTopicName(), 3_600_000L).execute();
		return task;
	}

	private void runJobs() {
		for (Job job : this.engine.getManagementService().createJobQuery().executable().list()) {
			this.engine.getManagementService().executeJob(job.getId());
		}
	}

	private ExternalTaskService externalTasks() {
		return this.engine.getExternalTaskService();
	}

	private static Instant anHourLater() {
		return Instant.now().plus(Duration.ofHours(1));
	}

}
