package io.bpmnagents.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The paths a spent quota takes in a process: {@code on-exhausted: error} raises
 * {@code QUOTA_EXHAUSTED}, which a boundary event routes to a person; {@code wait} puts
 * the agent task back until the window turns, with no incident and no thread waiting;
 * {@code ask} puts it back too and asks an administrator in Tasklist, once for all the
 * runs that wait: allowing more lets them go on, a refusal is {@code QUOTA_EXHAUSTED}.
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:quota-process-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=quotaProcessTests", "bpmn-agents.quotas[0].scope=process",
		"bpmn-agents.quotas[0].name=quota-guarded", "bpmn-agents.quotas[0].period=day",
		"bpmn-agents.quotas[0].max-calls=1", "bpmn-agents.quotas[0].on-exhausted=error",
		"bpmn-agents.quotas[1].scope=process", "bpmn-agents.quotas[1].name=quota-waiting",
		"bpmn-agents.quotas[1].period=month", "bpmn-agents.quotas[1].max-calls=1",
		"bpmn-agents.quotas[1].on-exhausted=wait", "bpmn-agents.quotas[2].scope=process",
		"bpmn-agents.quotas[2].name=quota-asking", "bpmn-agents.quotas[2].period=day",
		"bpmn-agents.quotas[2].max-calls=1", "bpmn-agents.quotas[2].on-exhausted=ask",
		"bpmn-agents.quotas[3].scope=process", "bpmn-agents.quotas[3].name=quota-refused",
		"bpmn-agents.quotas[3].period=day", "bpmn-agents.quotas[3].max-calls=1",
		"bpmn-agents.quotas[3].on-exhausted=ask" })
class QuotaProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	Quotas quotas;

	@Autowired
	QuotaRequests requests;

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

	@Test
	void givenAnAskingQuotaTwoRunsWaitOnOneRequestAndGoOnWhenAnAdministratorAllowsMore() {
		deploy("quota-asking");
		this.runs.start("quota-asking", Map.of("task", "Explain the tides"));
		this.driver.runUntilQuiet();

		ProcessInstance second = instance(this.runs.start("quota-asking", Map.of("task", "Explain the moon")));
		ProcessInstance third = instance(this.runs.start("quota-asking", Map.of("task", "Explain the sun")));
		this.driver.runUntilQuiet();

		assertThat(second).isWaitingAt("Task_Answer");
		assertThat(third).isWaitingAt("Task_Answer");
		assertThat(this.model.callsOf("researcher")).hasSize(1);
		ProcessInstance request = onlyRequest("process:quota-asking:day");
		assertThat(request).isWaitingAt("UserTask_AllowMore").task().hasCandidateGroup("camunda-admin");
		assertThat(agentTask(second).getErrorMessage())
			.startsWith("Waiting for an administrator to allow more of quota process:quota-asking:day");

		decideAsAdministrator(request, Map.of("decision", "allow", "moreCalls", 2L, "reason", "month end"));
		wakeUp(second, third);
		this.driver.runUntilQuiet();

		assertThat(request).isEnded();
		assertThat(second).isEnded().hasPassed("Task_Answer", "End").hasNotPassed("Boundary_QuotaSpent");
		assertThat(third).isEnded().hasPassed("Task_Answer", "End");
		assertThat(this.quotas.uses((quota) -> quota.name().equals("quota-asking"))).singleElement()
			.satisfies((use) -> {
				assertThat(use.limit().calls()).isEqualTo(3);
				assertThat(use.used().calls()).isEqualTo(3);
				assertThat(use.allowedMore().calls()).isEqualTo(2);
				assertThat(use.raisedBy()).isEqualTo("quota-admin");
			});
		assertThat(this.requests.of("process:quota-asking:day",
				QuotaWindow.of(QuotaProperties.Period.DAY, Instant.now()).start()))
			.singleElement()
			.satisfies((decided) -> {
				assertThat(decided.decision()).isEqualTo("allow");
				assertThat(decided.decidedBy()).isEqualTo("quota-admin");
				assertThat(decided.allowed().calls()).isEqualTo(2);
				assertThat(decided.reason()).isEqualTo("month end");
			});
	}

	@Test
	void givenAnAskingQuotaARefusalTakesTheQuotaExhaustedPathAndLaterRunsAreNotAskedAgain() {
		deploy("quota-refused");
		this.runs.start("quota-refused", Map.of("task", "Explain the tides"));
		this.driver.runUntilQuiet();
		ProcessInstance waiting = instance(this.runs.start("quota-refused", Map.of("task", "Explain the moon")));
		this.driver.runUntilQuiet();
		ProcessInstance request = onlyRequest("process:quota-refused:day");

		decideAsAdministrator(request, Map.of("decision", "refuse", "reason", "budget is spent"));
		wakeUp(waiting);
		this.driver.runUntilQuiet();
		ProcessInstance later = instance(this.runs.start("quota-refused", Map.of("task", "Explain the sun")));
		this.driver.runUntilQuiet();

		assertThat(waiting).hasPassed("Boundary_QuotaSpent").isWaitingAt("Task_TellSomeone");
		assertThat(later).hasPassed("Boundary_QuotaSpent").isWaitingAt("Task_TellSomeone");
		assertThat(request).isEnded();
		assertThat(this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(QuotaRequests.PROCESS_KEY)
			.variableValueEquals("quota", "process:quota-refused:day")
			.count()).isOne();
		assertThat(this.model.callsOf("researcher")).hasSize(1);
	}

	@Test
	void aDecisionWithANegativeAmountIsAFormErrorAnotherVariableAndAStartByHandAreRefused() {
		ProcessInstance request = this.runtime.startProcessInstanceByKey(QuotaRequests.PROCESS_KEY,
				Map.of(QuotaRequests.REQUEST_VARIABLE, "no-such-request", QuotaRequests.LIMITS_VARIABLE, "calls"));

		assertThatThrownBy(() -> decideAsAdministrator(request, Map.of("decision", "allow", "moreCalls", -1L)))
			.isInstanceOf(FormFieldValidationException.class)
			.hasMessageContaining("'moreCalls' must be a whole number, 0 or more");
		assertThatThrownBy(() -> decideAsAdministrator(request, Map.of("decision", "allow", "moreTokens", 500L)))
			.isInstanceOf(FormFieldValidationException.class)
			.hasMessageContaining("needs an amount above 0 for a limit this quota has (calls)");
		assertThatThrownBy(() -> decideAsAdministrator(request,
				Map.of("decision", "allow", "moreCalls", 1L, "quotaRequest", "another")))
			.isInstanceOf(AuthorizationException.class)
			.hasMessageContaining("may not set variable 'quotaRequest'");
		assertThat(request).isWaitingAt("UserTask_AllowMore");
		assertThatThrownBy(() -> asAdministrator(() -> this.runtime.startProcessInstanceByKey(QuotaRequests.PROCESS_KEY,
				Map.of(QuotaRequests.REQUEST_VARIABLE, "made-up"))))
			.isInstanceOf(AuthorizationException.class)
			.hasMessageContaining("the application starts it");
	}

	private ProcessInstance onlyRequest(String quota) {
		return this.runtime.createProcessInstanceQuery()
			.processDefinitionKey(QuotaRequests.PROCESS_KEY)
			.variableValueEquals("quota", quota)
			.singleResult();
	}

	private void decideAsAdministrator(ProcessInstance request, Map<String, Object> decision) {
		String task = this.engine.getTaskService()
			.createTaskQuery()
			.processInstanceId(request.getId())
			.singleResult()
			.getId();
		asAdministrator(() -> this.engine.getTaskService().complete(task, decision));
	}

	private void asAdministrator(Runnable action) {
		this.engine.getIdentityService().setAuthentication("quota-admin", List.of("camunda-admin"));
		try {
			action.run();
		}
		finally {
			this.engine.getIdentityService().clearAuthentication();
		}
	}

	/**
	 * The waiting tasks look again after {@code check-every} (a minute by default): here
	 * the engine hands them out at once.
	 */
	private void wakeUp(ProcessInstance... waiting) {
		for (ProcessInstance instance : waiting) {
			this.engine.getExternalTaskService().unlock(agentTask(instance).getId());
		}
	}

	private ExternalTask agentTask(ProcessInstance instance) {
		return this.engine.getExternalTaskService()
			.createExternalTaskQuery()
			.processInstanceId(instance.getId())
			.singleResult();
	}

}
