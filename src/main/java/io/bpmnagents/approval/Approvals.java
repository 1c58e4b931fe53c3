package io.bpmnagents.approval;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonAnySetter;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunConflictException;
import io.bpmnagents.run.RunService;
import io.bpmnagents.run.RunView;
import io.bpmnagents.security.EngineRestRefusals;
import io.swagger.v3.oas.annotations.media.Schema;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.SuspendedEntityInteractionException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person's decision on a run's result, taken outside Tasklist: the same user task is
 * claimed by and completed as that person, so history shows who decided.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Approvals {

	private final RunService runs;

	private final TaskService tasks;

	private final IdentityService identity;

	private final TransactionTemplate transaction;

	private final ApprovalProperties properties;

	/**
	 * @throws NotAwaitingApproval when the run has no open approval task
	 * @throws NotAnApprover when the person is not in the task's candidate group
	 */
	public RunView decide(String runId, Decision decision, String user, Collection<String> groups) {
		decision.validate();
		Task task = openApproval(this.runs.view(runId));
		if (task.getAssignee() != null && !task.getAssignee().equals(user)) {
			throw new NotAwaitingApproval("The approval of run '" + runId + "' is claimed by '" + task.getAssignee()
					+ "'; they decide, or unclaim it in Tasklist.");
		}
		// As the person, so the engine's own rules (ApprovalRules: members only) and
		// records
		// apply; claim and complete commit together or not at all.
		Authentication before = this.identity.getCurrentAuthentication();
		this.identity.setAuthentication(user, List.copyOf(groups));
		try {
			this.transaction.executeWithoutResult((status) -> {
				if (task.getAssignee() == null) {
					this.tasks.claim(task.getId(), user);
				}
				this.tasks.complete(task.getId(), Variables.createVariables()
					.putValueTyped(ResultApproval.APPROVED.name(), ResultApproval.APPROVED.typed(decision.approved()))
					.putValueTyped(ResultApproval.COMMENT.name(),
							ResultApproval.COMMENT.typed((decision.comment() != null) ? decision.comment() : "")));
			});
		}
		catch (OptimisticLockingException | TaskAlreadyClaimedException | NullValueException ex) {
			// Someone decided or claimed it at the same moment, in Tasklist or here.
			throw new NotAwaitingApproval("The approval of run '" + runId
					+ "' was taken by someone else just now; read the run again: " + ex.getMessage());
		}
		catch (SuspendedEntityInteractionException ex) {
			throw new NotAwaitingApproval("Run '" + runId + "' is suspended; activate it in Cockpit to decide.");
		}
		catch (ProcessEngineException ex) {
			AuthorizationException refusal = EngineRestRefusals.refusal(ex);
			if (refusal == null) {
				throw ex;
			}
			// Camunda's own check (no work granted on the task) speaks of permissions;
			// ours
			// already names the rule.
			throw new NotAnApprover(refusal.getMessage().contains("approvals are for") ? refusal.getMessage()
					: "User '" + user + "' may not decide this approval: approvals are for "
							+ ApprovalRules.rule(this.properties.candidateGroup()) + " " + refusal.getMessage());
		}
		finally {
			if (before != null) {
				this.identity.setAuthentication(before);
			}
			else {
				this.identity.clearAuthentication();
			}
		}
		return this.runs.view(runId);
	}

	private Task openApproval(RunView run) {
		Task task = run.userTasks()
			.stream()
			.filter((waiting) -> ResultApproval.APPROVE_TASK.equals(waiting.activityId()))
			.findFirst()
			.map((waiting) -> this.tasks.createTaskQuery().taskId(waiting.id()).singleResult())
			.orElse(null);
		if (task == null) {
			throw new NotAwaitingApproval("Run '" + run.id() + "' is not waiting for approval: it has ended, is still "
					+ "working, or was started without \"requireApproval\": true.");
		}
		return task;
	}

	/**
	 * Body of {@code POST /api/runs/{id}/approval}: the decision and nothing else; any
	 * other field (a {@code result} of one's own) is refused, not ignored, so the caller
	 * learns that it did not apply.
	 */
	public record Decision(Boolean approved, String comment,
			@JsonAnySetter @Schema(hidden = true) Map<String, Object> others) {

		void validate() {
			if (this.others != null && !this.others.isEmpty()) {
				TreeSet<String> names = new TreeSet<>(this.others.keySet());
				throw new InvalidInputException(names.first(), "Field(s) '" + String.join("', '", names)
						+ "' are not part of a decision: send 'approved' and 'comment' only. The result under "
						+ "review stays as the agent wrote it; send it back with a comment to have it changed.");
			}
			if (this.approved == null) {
				throw new InvalidInputException("approved", "Field 'approved' is required: true approves the result, "
						+ "false sends it back for rework with your comment.");
			}
			if (!this.approved && (this.comment == null || this.comment.isBlank())) {
				throw new InvalidInputException("comment",
						"Field 'comment' is required when you send a result back: say what the agent should change.");
			}
			if (this.comment != null && this.comment.length() > ResultApproval.MAX_COMMENT) {
				throw new InvalidInputException("comment", "Field 'comment' holds " + this.comment.length()
						+ " characters; at most " + ResultApproval.MAX_COMMENT + " are kept.");
			}
		}

	}

	/** No approval to decide now; answered with 409. */
	public static class NotAwaitingApproval extends RunConflictException {

		NotAwaitingApproval(String message) {
			super("No approval to decide", message);
		}

	}

	/** The person is not an approver; answered with 403. */
	public static class NotAnApprover extends RuntimeException {

		NotAnApprover(String message) {
			super(message);
		}

	}

}
