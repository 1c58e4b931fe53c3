package io.bpmnagents.approval;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.run.RunView;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;
import io.bpmnagents.tool.WorkspaceStore;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The paths of refund-approval and tool-approval: the model (scripted) asks for
 * {@code issue_refund}; above 100 the agent task hands the call to a person and the run
 * waits in the approval's user task; the decision, or the deadline, decides what the
 * model reads.
 */
class ToolApprovalProcessTest extends PatternProcessTest {

	@Autowired
	TaskService tasks;

	@Autowired
	IdentityService identity;

	@Autowired
	ManagementService management;

	@Autowired
	ToolCallStore toolCalls;

	@Autowired
	WorkspaceStore workspace;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void theModelAsksForARefundThenAnswersWithWhatTheToolSaid() {
		this.model.scriptMessage("billing-specialist", (call) -> {
			if (call.toolResults().isEmpty()) {
				String amount = call.prompt().contains("expensive") ? "250" : "40";
				return AiMessage.from(ToolExecutionRequest.builder()
					.id("call-1")
					.name("issue_refund")
					.arguments("{\"orderId\": \"A-17\", \"amount\": " + amount + ", \"reason\": \"broken\"}")
					.build());
			}
			return AiMessage.from("Done: " + call.toolResults().get(0).text());
		});
	}

	@AfterEach
	void nobodyIsLoggedIn() {
		this.identity.clearAuthentication();
	}

	@Test
	void aRefundWithinTheLimitRunsWithoutAnApproval() {
		RunView run = this.runs.start("refund-approval", Map.of("task", "A cheap parcel arrived broken"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Task_HandleRefund").hasNotPassed("CallActivity_ApproveRefund");
		assertThat(call(run).result()).startsWith("Refund of 40.00 for order A-17 issued");
		assertThat(call(run).approval()).isNull();
	}

	@Test
	void anApprovedRefundRunsWithTheArgumentsAsShown() {
		RunView run = startExpensive();
		ProcessInstance instance = instance(run);
		ProcessInstance approval = approval(run);
		Task task = approvalTask(run);
		assertThat(instance).isWaitingAt("CallActivity_ApproveRefund");
		assertThat(approval).isWaitingAt("UserTask_DecideToolCall");
		assertThat(task.getName()).isEqualTo("Approve the tool call: issue_refund (billing-specialist)");
		assertThat(this.tasks.getIdentityLinksForTask(task.getId())).extracting(IdentityLink::getGroupId)
			.contains(AccessGroups.APPROVERS);
		assertThat(this.tasks.getVariableLocal(task.getId(), "description")).asString().contains("Issues a refund");
		assertThat(this.tasks.getVariableLocal(task.getId(), "conversation")).asString()
			.contains("An expensive parcel arrived broken", "billing specialist");
		assertThat(call(run).approval().status()).isEqualTo("pending");

		as("ann", AccessGroups.APPROVERS);
		this.tasks.complete(task.getId(), Map.of("decision", "approve"));
		this.identity.clearAuthentication();
		this.driver.runUntilQuiet();

		assertThat(approval).isEnded().hasPassed("EndEvent_Decided");
		assertThat(instance).isEnded().hasPassed("CallActivity_ApproveRefund", "Task_HandleRefund");
		ToolCallEntry call = call(run);
		assertThat(call.result()).startsWith("Refund of 250.00 for order A-17 issued");
		assertThat(call.approval().status()).isEqualTo("approved");
		assertThat(call.approval().decidedBy()).isEqualTo("ann");
		assertThat(call.approval().changed()).isFalse();
		assertThat(this.model.callsOf("billing-specialist").get(1).toolResults().get(0).text())
			.startsWith("Refund of 250.00");
	}

	@Test
	void aRejectedRefundIsNotIssuedAndTheModelReadsTheReason() {
		RunView run = startExpensive();
		ProcessInstance instance = instance(run);
		Task task = approvalTask(run);

		as("ann", AccessGroups.APPROVERS);
		this.tasks.complete(task.getId(), Map.of("decision", "reject", "reason", "Paid with a voucher."));
		this.identity.clearAuthentication();
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("CallActivity_ApproveRefund");
		assertThat(call(run).result()).isEqualTo("rejected: Paid with a voucher.");
		assertThat(call(run).approval().status()).isEqualTo("rejected");
		assertThat(this.workspace.all(run.id())).isEmpty();
	}

	@Test
	void withoutADecisionBeforeTheDeadlineTheCallIsRejected() {
		RunView run = startExpensive();
		ProcessInstance approval = approval(run);

		this.management.executeJob(deadline(run));
		this.driver.runUntilQuiet();

		assertThat(approval).isEnded().hasPassed("BoundaryEvent_Deadline", "EndEvent_RejectedAtDeadline");
		assertThat(call(run).result()).isEqualTo("rejected: no decision before the deadline");
		assertThat(call(run).approval().decidedBy()).isEqualTo("(deadline)");
		assertThat(this.workspace.all(run.id())).isEmpty();
	}

	@Test
	void aDeadlineThatEscalatesOffersTheDecisionToTheEscalationGroup() {
		RunView run = startExpensive();
		ProcessInstance approval = approval(run);
		// As bpmn-agents.approval.tool-calls.on-deadline=escalate sets it at the start.
		this.runtime.setVariable(approval.getId(), "onDeadline", "escalate");

		this.management.executeJob(deadline(run));

		assertThat(approval).isWaitingAt("UserTask_DecideEscalated");
		Task escalated = approvalTask(run);
		assertThat(this.tasks.getIdentityLinksForTask(escalated.getId())).extracting(IdentityLink::getGroupId)
			.contains(AccessGroups.ADMINISTRATORS);
		as("ann", AccessGroups.APPROVERS);
		assertThatThrownBy(() -> this.tasks.complete(escalated.getId(), Map.of("decision", "approve")))
			.isInstanceOf(AuthorizationException.class);
		as("root", AccessGroups.ADMINISTRATORS);
		this.tasks.complete(escalated.getId(), Map.of("decision", "approve"));
		this.identity.clearAuthentication();
		this.driver.runUntilQuiet();

		assertThat(approval).hasPassed("EndEvent_DecidedAfterEscalation");
		assertThat(call(run).approval().decidedBy()).isEqualTo("root");
		assertThat(call(run).result()).startsWith("Refund of 250.00");
	}

	@Test
	void aDecisionCarriesTheDecisionFieldsOnlyFromAnApproverWithArgumentsThatFitTheTool() {
		RunView run = startExpensive();
		Task task = approvalTask(run);

		as("bob", "operators");
		assertThatThrownBy(() -> this.tasks.complete(task.getId(), Map.of("decision", "approve")))
			.isInstanceOf(AuthorizationException.class);
		as("ann", AccessGroups.APPROVERS);
		assertThatThrownBy(
				() -> this.tasks.complete(task.getId(), Map.of("decision", "approve", "tool", "workspace_write")))
			.isInstanceOf(AuthorizationException.class)
			.hasMessageContaining("may not set variable 'tool'");
		assertThatThrownBy(() -> this.tasks.complete(task.getId(), Map.of("decision", "maybe")))
			.isInstanceOf(FormFieldValidationException.class)
			.hasMessageContaining("'decision' must be 'approve'");
		assertThatThrownBy(() -> this.tasks.complete(task.getId(),
				Map.of("decision", "approve", "arguments", "{\"orderId\": \"A-17\", \"amount\": \"lots\"}")))
			.isInstanceOf(FormFieldValidationException.class)
			.hasMessageContaining("The arguments do not fit tool 'issue_refund'");
		assertThatThrownBy(() -> this.tasks.complete(task.getId(), Map.of("decision", "approve", "arguments", "[1]")))
			.isInstanceOf(FormFieldValidationException.class)
			.hasMessageContaining("must be a JSON object");
		assertThatThrownBy(() -> this.tasks.handleBpmnError(task.getId(), "REJECTED"))
			.isInstanceOf(AuthorizationException.class);
		this.identity.clearAuthentication();

		assertThat(approval(run)).isWaitingAt("UserTask_DecideToolCall");
		assertThat(call(run).approval().status()).isEqualTo("pending");
	}

	@Test
	void approvedArgumentsChangedAfterTheDecisionAreRefused() {
		RunView run = startExpensive();
		ProcessInstance instance = instance(run);
		Task task = approvalTask(run);
		as("ann", AccessGroups.APPROVERS);
		this.tasks.complete(task.getId(), Map.of("decision", "approve", "arguments",
				"{\"orderId\": \"A-17\", \"amount\": 120, \"reason\": \"broken\"}"));
		this.identity.clearAuthentication();
		assertThat(call(run).approval().changed()).isTrue();
		// Someone with database access raises the approved amount before the agent
		// task runs the call.
		this.jdbc.sql("UPDATE tool_call SET approved_arguments = REPLACE(approved_arguments, '120', '9000')").update();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(call(run).error()).contains("The arguments were changed after ann approved them");
		assertThat(this.workspace.all(run.id())).isEmpty();
	}

	@Test
	void anApprovalStartedByHandForAnotherRunsCallIsRefused() {
		RunView run = startExpensive();
		approvalTask(run);
		ToolCallEntry call = call(run);

		assertThatThrownBy(() -> this.runtime.startProcessInstanceByKey("tool-approval",
				Map.of("toolCall", call.id(), "tool", "issue_refund", "arguments", call.arguments(), "argumentsHash",
						call.approval().shownHash())))
			.isInstanceOf(ProcessEngineException.class)
			.hasMessageContaining("is no such call");
	}

	private RunView startExpensive() {
		RunView run = this.runs.start("refund-approval", Map.of("task", "An expensive parcel arrived broken"));
		this.driver.runUntilQuiet();
		return run;
	}

	private void as(String user, String group) {
		this.identity.setAuthentication(user, List.of(group));
	}

	private ToolCallEntry call(RunView run) {
		return this.toolCalls.forRun(run.id()).get(0);
	}

	/** The run's open approval. */
	private ProcessInstance approval(RunView run) {
		return calledBy(run, "tool-approval");
	}

	private Task approvalTask(RunView run) {
		return this.tasks.createTaskQuery().processInstanceId(approval(run).getId()).singleResult();
	}

	private String deadline(RunView run) {
		return this.management.createJobQuery()
			.processInstanceId(approval(run).getId())
			.timers()
			.singleResult()
			.getId();
	}

}
