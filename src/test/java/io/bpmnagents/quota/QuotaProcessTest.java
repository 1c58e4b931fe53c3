package io.bpmnagents.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The paths a spent quota takes in a process: {@code on-exhausted: error} raises
 * {@code QUOTA_EXHAUSTED}, which a boundary event routes to a person; {@code wait} puts
 * the agent task back until the window turns, with no incident and no thread waiting.
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:quota-process-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=quotaProcessTests", "bpmn-agents.quotas[0].scope=process",
		"bpmn-agents.quotas[0].name=quota-guarded", "bpmn-agents.quotas[0].period=day",
		"bpmn-agents.quotas[0].max-calls=1", "bpmn-agents.quotas[0].on-exhausted=error",
		"bpmn-agents.quotas[1].scope=process", "bpmn-agents.quotas[1].name=quota-waiting",
		"bpmn-agents.quotas[1].period=month", "bpmn-agents.quotas[1].max-calls=1",
		"bpmn-agents.quotas[1].on-exhausted=wait" })
class QuotaProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	Quotas quotas;

	/** One agent task; a spent quota on it goes to a person instead. */
	private void deploy(String key) {
		BpmnModelInstance model = AgentTaskChains.model(key,
				AgentTaskChains.Step.of("Task_Answer", "researcher", "${task}", "result"));
		model.<ServiceTask>getModelElementById("Task_Answer")
			.builder()
			.boundaryEvent("Boundary_QuotaSpent")
			.name("Quota spent")
			.error("QUOTA_EXHAUSTED")
			.userTask("Task_TellSomeone")
			.name("Tell someone the quota is spent")
			.endEvent("End_QuotaSpent");
		this.repository.createDeployment().addModelInstance(key + ".bpmn", model).deploy();
	}

	@Test
	void givenAQuotaOfOneCallADayTheSecondRunTakesTheQuotaExhaustedBoundaryPath() {
		deploy("quota-guarded");
		RunView first = this.runs.start("quota-guarded", Map.of("task", "Explain the tides"));
		ProcessInstance firstInstance = instance(first);
		this.driver.runUntilQuiet();

		RunView second = this.runs.start("quota-guarded", Map.of("task", "Explain the moon"));
		ProcessInstance secondInstance = instance(second);
		this.driver.runUntilQuiet();

		assertThat(firstInstance).isEnded().hasPassed("Task_Answer", "End");
		assertThat(secondInstance).hasPassed("Boundary_QuotaSpent").isWaitingAt("Task_TellSomeone");
		assertThat(this.model.callsOf("researcher")).hasSize(1);
		assertThat(this.quotas.uses((quota) -> quota.name().equals("quota-guarded"))).singleElement()
			.satisfies((use) -> {
				assertThat(use.used().calls()).isEqualTo(1);
				assertThat(use.reserved().calls()).isZero();
				assertThat(use.limit().calls()).isEqualTo(1);
			});
	}

	@Test
	void givenAWaitingQuotaTheTaskIsPutBackUntilTheMonthTurnsWithoutAnIncident() {
		deploy("quota-waiting");
		RunView first = this.runs.start("quota-waiting", Map.of("task", "Explain the tides"));
		this.driver.runUntilQuiet();

		RunView second = this.runs.start("quota-waiting", Map.of("task", "Explain the moon"));
		ProcessInstance waiting = instance(second);
		this.driver.runUntilQuiet();

		assertThat(instance(first)).isNull();
		assertThat(waiting).isNotEnded().isWaitingAt("Task_Answer");
		assertThat(this.runtime.createIncidentQuery().processInstanceId(second.id()).count()).isZero();
		ExternalTask task = this.engine.getExternalTaskService()
			.createExternalTaskQuery()
			.processInstanceId(second.id())
			.singleResult();
		assertThat(task.getErrorMessage()).startsWith("Waiting for quota process:quota-waiting:month")
			.contains("max-calls");
		Instant nextMonth = LocalDate.now(ZoneOffset.UTC)
			.withDayOfMonth(1)
			.plusMonths(1)
			.atStartOfDay()
			.toInstant(ZoneOffset.UTC);
		assertThat(task.getLockExpirationTime().toInstant()).isAfterOrEqualTo(nextMonth.minusSeconds(60));
		assertThat(this.model.callsOf("researcher")).hasSize(1);
	}

}
