package io.bpmnagents.approval;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.bpmnagents.engine.CommandFields;
import io.bpmnagents.quota.QuotaRequests;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.transcript.ToolCallApproval;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.DelegationState;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.TypedValue;

import org.springframework.beans.factory.ObjectProvider;

/**
 * An approver decides an approval and changes nothing else, on every route to the engine
 * ({@code /engine-rest}, the webapps' engine API behind Tasklist, {@code POST
 * /api/runs/{id}/approval}, Java): a completion of an approval task ({@code complete},
 * {@code submit-form}, {@code resolve}) by anyone but an administrator carries the form's
 * decision fields only, {@code approved} (a Boolean) and {@code comment} (a String), so
 * nobody approves a result and replaces it with their own text at once. A decision on a
 * tool call ({@code tool-approval}) carries {@code decision} ({@code approve} or
 * {@code reject}), {@code reason} and {@code arguments} (the approved arguments, JSON
 * text) only ({@link ToolApproval}). A decision on a stalled conversation carries
 * {@code stallDecision} and {@code stallInstruction} only ({@link StallDecision}). A
 * decision on a quota request carries {@code decision}, {@code moreCalls},
 * {@code moreTokens}, {@code moreCost} and {@code reason} only, also when an
 * administrator decides ({@link QuotaDecision}). Throwing a BPMN error or an escalation
 * from the task, which would end the approval without a decision, is refused.
 * <p>
 * Camunda checks only that the person may work on the task ({@code TASK_WORK}) for these
 * commands, not what the completion writes; so the check sits in the engine, after the
 * command context exists, where every route ends. Camunda's commands keep their arguments
 * in protected fields, read here by name ({@link CommandFields}); a field that is gone (a
 * Camunda upgrade) stops the engine from starting rather than letting a command through.
 * <p>
 * Approvers hold {@code TASK_WORK} but not {@code TASK_ASSIGN} on the task, which Camunda
 * also asks for to unclaim (Tasklist's "Unclaim" assigns nobody): an approver who holds
 * the task may give it back, as the claim command does it.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class DecisionOnlyCommands extends CommandInterceptor {

	/** The form's decision fields (processes/approve-result.html). */
	static final Set<String> DECISION = Set.of(ResultApproval.APPROVED.name(), ResultApproval.COMMENT.name());

	private static final String WITHOUT = "approvals could not be kept to their decisions";

	private static final CommandFields TASK_ID = CommandFields.named("taskId", WITHOUT, CompleteTaskCmd.class,
			SubmitTaskFormCmd.class, HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class, AssignTaskCmd.class);

	/** What a form's submission sets. */
	private static final CommandFields SUBMITTED = CommandFields.named("properties", WITHOUT, SubmitTaskFormCmd.class);

	/** What a completion (or a resolve) sets. */
	private static final CommandFields COMPLETED = CommandFields.named("variables", WITHOUT, CompleteTaskCmd.class);

	private static final CommandFields ASSIGNEE = CommandFields.named("userId", WITHOUT, AssignTaskCmd.class);

	private final ObjectProvider<ToolArguments> tools;

	@Override
	@SuppressWarnings("unchecked")
	public <T> T execute(Command<T> command) {
		if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd
				|| command instanceof HandleTaskBpmnErrorCmd || command instanceof HandleTaskEscalationCmd
				|| command instanceof AssignTaskCmd) {
			CommandContext context = Context.getCommandContext();
			Authentication person = (context != null) ? context.getAuthentication() : null;
			if (person != null && person.getUserId() != null && !AccessGroups.isAdministrator(person.getGroupIds())) {
				TaskEntity task = context.getTaskManager().findTaskById(TASK_ID.of(command));
				if (task != null && isApproval(task)) {
					Command<?> allowed = check(command, task, person.getUserId());
					checkArguments(command, task);
					checkResolve(command, task, person.getUserId());
					return (T) this.next.execute(allowed);
				}
			}
			else if (person != null && person.getUserId() != null) {
				// Administrators may set what they like, but approved arguments still
				// have to fit the tool.
				TaskEntity task = context.getTaskManager().findTaskById(TASK_ID.of(command));
				if (task != null && isApproval(task)) {
					checkArguments(command, task);
					checkQuotaDecision(command, task, person.getUserId());
				}
			}
		}
		return this.next.execute(command);
	}

	/**
	 * Arguments approved for a tool call must fit the tool's schema: answered here, where
	 * a refusal reaches the caller as a form field error (400), not wrapped as a task
	 * listener's failure.
	 */
	private void checkArguments(Command<?> command, TaskEntity task) {
		if (decision(task) != ToolApproval.DECISION
				|| !(command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd)) {
			return;
		}
		Map<String, Object> variables = variables(command);
		if (variables == null
				|| !ToolCallApproval.APPROVE
					.equals(ToolApproval.plain(variables.get(ToolApproval.DECISION_VARIABLE.name())))
				|| !(ToolApproval.plain(variables.get(ToolApproval.ARGUMENTS.name())) instanceof String arguments)) {
			return;
		}
		String problem = this.tools.getObject()
			.problem(String.valueOf(task.getVariable(ToolApproval.TOOL.name())), arguments);
		if (problem != null) {
			throw new FormFieldValidationException(ToolApproval.ARGUMENTS.name(), problem);
		}
	}

	/**
	 * Resolving answers a delegation: it writes the variables to the run and gives the
	 * task back, without the decider's check a completion has. Only administrators
	 * delegate, so a task nobody delegated is not resolved by anyone else: otherwise a
	 * candidate the model names (who holds {@code TASK_WORK}) would write a decision's
	 * variables without being a decider.
	 */
	private static void checkResolve(Command<?> command, TaskEntity task, String user) {
		if (command instanceof ResolveTaskCmd && task.getDelegationState() != DelegationState.PENDING) {
			throw new AuthorizationException("User '" + user + "' may not resolve approval task '" + task.getId()
					+ "': it was not delegated. An approval is decided by completing it.");
		}
	}

	/**
	 * Administrators decide quota requests: their completions carry the decision only and
	 * valid amounts too, answered as a form field error (400).
	 */
	private static void checkQuotaDecision(Command<?> command, TaskEntity task, String user) {
		if (decision(task) == QuotaDecision.DECISION
				&& (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd)) {
			check(command, task, user);
		}
	}

	private static boolean isApproval(TaskEntity task) {
		return decision(task) != null;
	}

	/** The fields a decision on this task carries, or null when it is no approval. */
	private static Set<String> decision(TaskEntity task) {
		if (task.getProcessDefinitionId() == null) {
			return null;
		}
		if (ResultApproval.APPROVE_TASK.equals(task.getTaskDefinitionKey())) {
			ProcessDefinitionEntity definition = task.getProcessDefinition();
			return (definition != null && ResultApproval.KEY.equals(definition.getKey())) ? DECISION : null;
		}
		if (ToolApproval.TASKS.contains(task.getTaskDefinitionKey())) {
			ProcessDefinitionEntity definition = task.getProcessDefinition();
			return (definition != null && ToolApproval.KEY.equals(definition.getKey())) ? ToolApproval.DECISION : null;
		}
		if (QuotaDecision.TASK.equals(task.getTaskDefinitionKey())) {
			ProcessDefinitionEntity definition = task.getProcessDefinition();
			return (definition != null && QuotaRequests.PROCESS_KEY.equals(definition.getKey()))
					? QuotaDecision.DECISION : null;
		}
		if (StallDecision.isDecision(task.getTaskDefinition())) {
			return StallDecision.DECISION;
		}
		return null;
	}

	/** The command to run in its place: itself, or the claim command for an unclaim. */
	private static Command<?> check(Command<?> command, TaskEntity task, String user) {
		if (command instanceof HandleTaskBpmnErrorCmd || command instanceof HandleTaskEscalationCmd) {
			throw new AuthorizationException("User '" + user + "' may not end approval task '" + task.getId()
					+ "' with a BPMN error or an escalation: an approval is decided by completing it with "
					+ String.join(" and ", new TreeSet<>(decision(task))) + ".");
		}
		if (command instanceof AssignTaskCmd) {
			String assignee = ASSIGNEE.of(command);
			if (assignee == null && user.equals(task.getAssignee())) {
				return new ClaimTaskCmd(task.getId(), null);
			}
			// Camunda's own check (TASK_ASSIGN) answers anything else.
			return command;
		}
		Map<String, Object> variables = variables(command);
		if (decision(task) == ToolApproval.DECISION) {
			ToolApproval.checkDecision(task.getId(), user, variables, !(command instanceof ResolveTaskCmd));
		}
		else if (decision(task) == QuotaDecision.DECISION) {
			Object limits = task.getVariable(QuotaRequests.LIMITS_VARIABLE);
			QuotaDecision.checkDecision(task.getId(), user, variables, (limits != null) ? limits.toString() : null,
					!(command instanceof ResolveTaskCmd));
		}
		else if (decision(task) == StallDecision.DECISION) {
			StallDecision.checkDecision(task.getId(), user, variables, !(command instanceof ResolveTaskCmd));
		}
		else {
			checkDecision(task, user, variables, !(command instanceof ResolveTaskCmd));
		}
		return command;
	}

	/**
	 * @param asFormError whether a wrong value is answered as a form field error (400 on
	 * {@code complete} and {@code submit-form}); otherwise as a refusal (403)
	 */
	static void checkDecision(TaskEntity task, String user, Map<String, Object> variables, boolean asFormError) {
		if (variables == null) {
			return;
		}
		onlyFields(variables, DECISION, user, "approval task '" + task.getId() + "'",
				String.join(" and ", new TreeSet<>(DECISION)) + " only; the result under review stays as the "
						+ "agent wrote it (send it back with a comment to have it changed).");
		String approved = ResultApproval.APPROVED.name();
		if (!holds(variables.get(approved), ValueType.BOOLEAN, Boolean.class)) {
			throw invalid(asFormError, approved, "'" + approved + "' must be a Boolean: true approves the result, "
					+ "false sends it back for rework.");
		}
		String comment = ResultApproval.COMMENT.name();
		Object text = variables.get(comment);
		if (!holds(text, ValueType.STRING, String.class)) {
			throw invalid(asFormError, comment, "'" + comment + "' must be a String: what the agent should change.");
		}
		notTooLong(text, comment, asFormError);
	}

	/**
	 * Refuses (403) a completion that sets anything but the decision's own fields.
	 * @param task which task, as the message names it
	 * @param carries what a decision carries, as the message says it
	 */
	static void onlyFields(Map<String, Object> given, Set<String> allowed, String user, String task, String carries) {
		Set<String> others = new TreeSet<>(given.keySet());
		others.removeAll(allowed);
		if (!others.isEmpty()) {
			throw new AuthorizationException("User '" + user + "' may not set " + quoted(others) + " when deciding "
					+ task + ": a decision carries " + carries);
		}
	}

	/** Refuses a text field (typed or plain) longer than an approval's comment may be. */
	static void notTooLong(Object text, String field, boolean asFormError) {
		Object value = (text instanceof TypedValue typed) ? typed.getValue() : text;
		if (value instanceof String words && words.length() > ResultApproval.MAX_COMMENT) {
			throw invalid(asFormError, field, "'" + field + "' holds " + words.length() + " characters; at most "
					+ ResultApproval.MAX_COMMENT + " are kept.");
		}
	}

	/** Absent, null, or a value of this type (typed or plain). */
	static boolean holds(Object value, ValueType type, Class<?> plain) {
		if (value instanceof TypedValue typed) {
			if (typed.getType() == null) {
				return typed.getValue() == null || plain.isInstance(typed.getValue());
			}
			return typed.getType().equals(type) || typed.getType().equals(ValueType.NULL);
		}
		return value == null || plain.isInstance(value);
	}

	static ProcessEngineException invalid(boolean asFormError, String field, String message) {
		return asFormError ? new FormFieldValidationException(field, message) : new AuthorizationException(message);
	}

	static String quoted(Set<String> names) {
		return ((names.size() == 1) ? "variable '" : "variables '") + String.join("', '", names) + "'";
	}

	/** The variables a completion or a form's submission sets. */
	private static Map<String, Object> variables(Command<?> command) {
		return (command instanceof SubmitTaskFormCmd) ? SUBMITTED.of(command) : COMPLETED.of(command);
	}

}
