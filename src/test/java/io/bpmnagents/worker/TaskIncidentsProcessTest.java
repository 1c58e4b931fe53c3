package io.bpmnagents.worker;

import java.util.Map;
import java.util.UUID;

import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * An external task that ends takes its incidents with it, as in Camunda, though the
 * engine no longer looks them up when the task's execution has none.
 */
class TaskIncidentsProcessTest extends PatternProcessTest {

	private static final String WORKER = "task-incidents-test";

	@Autowired
	ExternalTaskService externalTasks;

	@BeforeEach
	void deploy() {
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("task-incidents.bpmn",
					AgentTaskChains.model("task-incidents", Step.of("Task_Answer", "researcher", "${task}", "result"),
							Step.of("Task_Review", "reviewer", "${result}", "review")))
			.deploy();
	}

	@Test
	void anIncidentRaisedOnTheTasksExecutionIsResolvedWhenTheTaskCompletes() {
		LockedExternalTask task = startAndLock();
		this.runtime.createIncident(Incident.EXTERNAL_TASK_HANDLER_TYPE, task.getExecutionId(), task.getId(),
				"Raised by hand");
		assertThat(this.runtime.createIncidentQuery().processInstanceId(task.getProcessInstanceId()).count())
			.isEqualTo(1);

		this.externalTasks.complete(task.getId(), WORKER, Map.of("result", "done"));

		// The run goes on (its end would take the incident anyway); history keeps no
		// incidents at level audit, so the runtime table is where it shows.
		assertThat(runOf(task)).isWaitingAt("Task_Review");
		assertThat(this.runtime.createIncidentQuery().processInstanceId(task.getProcessInstanceId()).count()).isZero();
	}

	@Test
	void aTaskWhoseFailureBecameAnIncidentAndWasRetriedCompletesWithoutIt() {
		LockedExternalTask task = startAndLock();
		this.externalTasks.handleFailure(task.getId(), WORKER, "The model broke", 0, 0);
		assertThat(this.runtime.createIncidentQuery().processInstanceId(task.getProcessInstanceId()).count())
			.isEqualTo(1);
		this.externalTasks.setRetries(task.getId(), 1);
		LockedExternalTask again = lock(task.getVariables().getValue("task", String.class));

		this.externalTasks.complete(again.getId(), WORKER, Map.of("result", "done"));

		assertThat(this.runtime.createIncidentQuery().processInstanceId(task.getProcessInstanceId()).count()).isZero();
		assertThat(runOf(task)).isWaitingAt("Task_Review");
	}

	private ProcessInstance runOf(LockedExternalTask task) {
		return this.runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId()).singleResult();
	}

	private LockedExternalTask startAndLock() {
		String question = "Explain the tides, " + UUID.randomUUID();
		this.runtime.startProcessInstanceByKey("task-incidents", Map.of("task", question));
		return lock(question);
	}

	/** The task of the run asked {@code question}, locked for this test. */
	private LockedExternalTask lock(String question) {
		return this.externalTasks.fetchAndLock(1, WORKER)
			.topic("agent-task", 60_000)
			.processInstanceVariableEquals("task", question)
			.execute()
			.get(0);
	}

}
