package io.bpmnagents.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.bpmnagents.support.ApiClient;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
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
 * A node that starts again under its id takes back the tasks its earlier start had locked
 * when it died: they do not wait for their locks to run out. A task whose lock is still
 * being renewed under the same id (a live process) and another node's task are left
 * alone. The locks here last ten minutes, so only the take-back can explain a run that
 * goes on; the take-back waits one and a half heartbeat intervals (1 s here) for
 * renewals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:restart-takeover;DB_CLOSE_DELAY=-1",
				"camunda.bpm.process-engine-name=restartTests", "camunda.bpm.admin-user.password=" + ApiClient.PASSWORD,
				"llm.provider=simulator", "bpmn-agents.worker.id=node-a", "bpmn-agents.worker.lock-duration=3s",
				"bpmn-agents.worker.heartbeat-interval=1s" })
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
	void aNodeStartedAgainUnderItsIdTakesBackTheTasksItsEarlierStartHadLockedAndNoOneRenews() throws Exception {
		this.worker.stop();
		String mine = start("Restart");
		String renewed = start("Still worked on");
		String others = start("Elsewhere");
		// This node's earlier start locked two tasks and another node one; the earlier
		// start died, but a process under the same id still renews its second task.
		lockFor(mine, "node-a");
		String renewedTask = lockFor(renewed, "node-a");
		lockFor(others, "node-b");
		AtomicBoolean renewing = new AtomicBoolean(true);
		AtomicReference<RuntimeException> holderLostItsLock = new AtomicReference<>();
		Thread liveHolder = new Thread(() -> {
			while (renewing.get()) {
				try {
					this.externalTasks.extendLock(renewedTask, "node-a", TEN_MINUTES);
				}
				catch (RuntimeException ex) {
					holderLostItsLock.set(ex);
					return;
				}
				LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
			}
		});
		liveHolder.start();
		try {
			this.worker.start();

			await().atMost(Duration.ofSeconds(60)).until(() -> ended(mine));
		}
		finally {
			renewing.set(false);
			liveHolder.join();
		}
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceId(mine).singleResult().getState())
			.isEqualTo("COMPLETED");
		assertThat(answers(mine)).as("answers, one a stage").isEqualTo(3);
		// Both were looked at in the same pass that gave back 'mine'.
		assertThat(holderLostItsLock.get()).as("the live holder kept its lock").isNull();
		assertThat(workerOf(renewed)).as("a task whose lock is renewed is left to its holder").isEqualTo("node-a");
		assertThat(answers(renewed)).isZero();
		assertThat(workerOf(others)).as("another node's task is left to it").isEqualTo("node-b");
		assertThat(answers(others)).isZero();
	}

	private String start(String task) {
		return this.runtime.startProcessInstanceByKey("sequential-pipeline", Map.of("task", task)).getId();
	}

	private String workerOf(String run) {
		return this.externalTasks.createExternalTaskQuery().processInstanceId(run).singleResult().getWorkerId();
	}

	private int answers(String run) {
		return this.jdbc.sql("SELECT COUNT(*) FROM agent_call WHERE run_id = :run AND response IS NOT NULL")
			.param("run", run)
			.query(Integer.class)
			.single();
	}

	private String lockFor(String run, String node) {
		List<LockedExternalTask> locked = this.externalTasks.fetchAndLock(10, node)
			.topic("agent-task", TEN_MINUTES)
			.execute();
		locked.stream()
			.filter((task) -> !task.getProcessInstanceId().equals(run))
			.forEach((task) -> this.externalTasks.unlock(task.getId()));
		assertThat(locked).filteredOn((task) -> task.getProcessInstanceId().equals(run)).hasSize(1);
		return locked.stream()
			.filter((task) -> task.getProcessInstanceId().equals(run))
			.findFirst()
			.orElseThrow()
			.getId();
	}

	private boolean ended(String run) {
		return this.history.createHistoricProcessInstanceQuery().processInstanceId(run).finished().count() == 1;
	}

}
