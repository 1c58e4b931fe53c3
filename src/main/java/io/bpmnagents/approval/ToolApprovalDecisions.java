package io.bpmnagents.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.bpmnagents.process.Variable;
import io.bpmnagents.transcript.ArgumentsHash;
import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.ToolCallApproval;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The engine's side of a tool approval ({@link ToolApproval}), as listeners of the
 * {@code tool-approval} process: it starts only for a call of its own run that waits for
 * approval of exactly the arguments it was handed; its task shows the tool's description
 * and the conversation so far; a completion that approves checks the arguments against
 * the tool's schema; and when the process ends, the decision (who, when, what, why, the
 * arguments approved) is recorded with the call, in the same transaction, where the agent
 * task reads it.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class ToolApprovalDecisions {

	/** Task-local variables the form shows. */
	static final String DESCRIPTION = "description";

	static final String CONVERSATION = "conversation";

	/** Set at the start from configuration, read by the deadline's timer and gateway. */
	static final String DEADLINE = "approvalDeadline";

	static final String ON_DEADLINE = "onDeadline";

	/** Who decided when nobody did: the deadline passed. */
	static final String AT_DEADLINE = "(deadline)";

	/** Who decided when the task was completed by code without a person. */
	static final String BY_ENGINE = "(engine)";

	/** The end event of a rejection by the deadline. */
	static final String REJECTED_AT_DEADLINE = "EndEvent_RejectedAtDeadline";

	/** The most characters of one message shown; the transcript holds them all. */
	static final int MAX_MESSAGE = 4_000;

	private final ObjectProvider<ToolCallStore> toolCalls;

	private final ObjectProvider<TranscriptStore> transcript;

	private final ObjectProvider<ToolArguments> tools;

	private final ApprovalProperties properties;

	private final Supplier<Authentication> current;

	/**
	 * At the start: refuses anything but a pending call of this run, sets the deadline.
	 */
	void begin(DelegateExecution execution) {
		pending(execution);
		ApprovalProperties.ToolCalls settings = this.properties.toolCalls();
		execution.setVariable(DEADLINE, settings.deadline().toString());
		execution.setVariable(ON_DEADLINE, settings.onDeadline().name().toLowerCase(Locale.ROOT));
	}

	/** A task listener on create: what the approver reads. */
	void show(DelegateTask task) {
		String tool = String.valueOf(task.getVariable(ToolApproval.TOOL.name()));
		Object agent = task.getVariable(ToolApproval.AGENT.name());
		task.setName(task.getName() + ": " + tool + ((agent != null) ? " (" + agent + ")" : ""));
		task.setVariableLocal(DESCRIPTION, this.tools.getObject().description(tool));
		ToolCallEntry call = pending(task.getExecution());
		List<Map<String, Object>> messages = new ArrayList<>();
		for (TranscriptEntry asked : this.transcript.getObject()
			.calls(run(task.getExecution()), List.of(call.modelCallId()))) {
			for (ChatTurn turn : (asked.contextMessages() != null) ? asked.contextMessages() : List.<ChatTurn>of()) {
				if (turn.content() == null || turn.content().isBlank()) {
					continue;
				}
				Map<String, Object> message = new LinkedHashMap<>();
				message.put("role", (turn.name() != null) ? turn.role() + " (" + turn.name() + ")" : turn.role());
				String text = turn.content();
				message.put("content", (text.length() <= MAX_MESSAGE) ? text : text.substring(0, MAX_MESSAGE) + "…");
				messages.add(message);
			}
		}
		task.setVariableLocal(CONVERSATION, Variable.records(CONVERSATION).typed(messages));
	}

	/** A task listener on complete: approved arguments must fit the tool. */
	void check(DelegateTask task) {
		if (!ToolCallApproval.APPROVE.equals(task.getVariable(ToolApproval.DECISION_VARIABLE.name()))) {
			return;
		}
		String tool = String.valueOf(task.getVariable(ToolApproval.TOOL.name()));
		String problem = this.tools.getObject().problem(tool, arguments(task.getExecution()));
		if (problem != null) {
			throw new FormFieldValidationException(ToolApproval.ARGUMENTS.name(), problem);
		}
	}

	/** An end listener of the end events: records the decision with the call. */
	void record(DelegateExecution execution) {
		ToolCallEntry call = pending(execution);
		String decision = String.valueOf(execution.getVariable(ToolApproval.DECISION_VARIABLE.name()));
		boolean approved = ToolCallApproval.APPROVE.equals(decision);
		if (!approved && !ToolCallApproval.REJECT.equals(decision)) {
			throw new ProcessEngineException("Tool approval of call '" + call.id() + "' ended without a decision "
					+ "(approve or reject); it is not recorded.");
		}
		Authentication person = this.current.get();
		String decidedBy = (person != null && person.getUserId() != null) ? person.getUserId()
				: REJECTED_AT_DEADLINE.equals(execution.getCurrentActivityId()) ? AT_DEADLINE : BY_ENGINE;
		Object reason = execution.getVariable(ToolApproval.REASON.name());
		String approvedArguments = approved ? ArgumentsHash.canonical(arguments(execution)) : null;
		if (!this.toolCalls.getObject()
			.decided(call.id(), decision, (reason != null) ? reason.toString() : null, approvedArguments, decidedBy,
					Instant.now())) {
			throw new AuthorizationException(
					"Tool call '" + call.id() + "' was decided already; the first " + "decision stays.");
		}
	}

	/**
	 * The call this approval is for: of the same run, waiting for approval of exactly the
	 * arguments handed in.
	 */
	private ToolCallEntry pending(DelegateExecution execution) {
		String id = String.valueOf(execution.getVariable(ToolApproval.TOOL_CALL.name()));
		ToolCallEntry call = this.toolCalls.getObject().find(run(execution), id).orElse(null);
		Object hash = execution.getVariable(ToolApproval.ARGUMENTS_HASH.name());
		if (call == null || call.approval() == null || call.approval().decided()
				|| !call.approval().shownHash().equals(hash)) {
			throw new AuthorizationException("A tool approval is started by an agent task for a call of its own run "
					+ "that waits for approval of these arguments; tool call '" + id + "' is no such call.");
		}
		return call;
	}

	private static String arguments(DelegateExecution execution) {
		Object arguments = execution.getVariable(ToolApproval.ARGUMENTS.name());
		return (arguments != null) ? arguments.toString() : "{}";
	}

	private static String run(DelegateExecution execution) {
		return ((ExecutionEntity) execution).getRootProcessInstanceId();
	}

}
