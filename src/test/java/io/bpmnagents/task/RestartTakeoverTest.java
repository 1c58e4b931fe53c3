package io.bpmnagents.task;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bpmnagents.support.ApiClient;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with a configured id that starts again takes its own tasks back at once: the
 * tasks its earlier start had locked when it died do not wait for their locks to run out.
 * Another node's tasks are left alone. The locks here last ten minutes, so only the
 * take-back can explain a run that goes on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:restart-takeover;DB_CLOSE_DELAY=-1",
				"camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "llm.provider=simulator",
				"bpmn-agents.worker.id=node-a" })
@Import(ApiClient.class)
class RestartTakeoverTest {

	private static final long TEN_MINUTES = Duration.ofMinutes(10).toMillis();

	@Autowired
	AgentTaskWorker worker;

	@Autowired
	ExternalTaskService externalTasks;

	@Autowired
	RuntimeService runtime;

	@Autowired
	HistoryService history;

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void workerRuns() {
		if (!this.worker.isRunning()) {
			this.worker.start();
		}
	}

	@Test
	void aNodeStartedAgainUnderItsConfiguredIdTakesBackAtOnceTheTasksItsEarlierStartHadLocked() {
		this.worker.stop();
		String mine = this.runtime.startProcessInstanceByKey("sequential-pipeline", Map.of("task", "Restart")).getId();
		String others = this.runtime.startProcessInstanceByKey("sequential-pipeline", Map.of("task", "Elsewhere"))
			.getId();
		// This node's earlier start and another node each locked a task, then died.
		lockFor(mine, "node-a");
		lockFor(others, "node-b");

		this.worker.start();

		await().atMost(Duration.ofSeconds(60)).until(() -> ended(mine));
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceId(mine).singleResult().getState())
			.isEqualTo("COMPLETED");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM agent_call WHERE run_id = :run AND response IS NOT NULL")
			.param("run", mine)
			.query(Integer.class)
			.single()).as("answers, one a stage").isEqualTo(3);
		ExternalTask othersTask = this.externalTasks.createExternalTaskQuery().processInstanceId(others).singleResult();
		assertThat(othersTask.getWorkerId()).as("another node's task is left to it").isEqualTo("node-b");
		assertThat(ended(others)).isFalse();
	}

	private void lockFor(String run, String node) {
		List<LockedExternalTask> locked = this.externalTasks.fetchAndLock(10, node)
			.topic(AgentTaskHandler.TOPIC, TEN_MINUTES)
			.execute();
		locked.stream()
			.filter((task) -> !task.getProcessInstanceId().equals(run))
			.forEach((task) -> this.externalTasks.unlock(task.getId()));
		assertThat(locked).filteredOn((task) -> task.getProcessInstanceId().equals(run)).hasSize(1);
	}

	private boolean ended(String run) {
		return this.history.createHistoricProcessInstanceQuery().processInstanceId(run).finished().count() == 1;
	}

}
