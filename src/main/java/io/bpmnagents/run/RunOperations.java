package io.bpmnagents.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.process.RefusedVariableException;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;

import org.springframework.stereotype.Component;

/**
 * The runs API's operations for callers that are not its HTTP controllers (the MCP server
 * at {@code /mcp}): the same services and the same checks, as the person the engine knows
 * for the current thread, with every refusal turned into one {@link Refused} that names
 * the field it is about, where the HTTP API answers 400, 403, 404 or 409.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class RunOperations {

	private final RunService runs;

	private final RunAccess access;

	private final RunStops stops;

	private final RunHistory history;

	private final RunTranscripts transcripts;

	private final TaskService tasks;

	/** Whether the current person may start runs of the process. */
	public boolean mayStart(String process) {
		try {
			this.access.checkMayStart(process);
			return true;
		}
		catch (RunAccess.NotAllowed ex) {
			return false;
		}
	}

	/** Starts a run as {@code POST /api/runs} does. */
	public RunView start(String process, String businessKey, Map<String, Object> input) {
		return refusing(() -> {
			this.access.checkMayStart(process);
			return this.runs.start(process, businessKey, input);
		});
	}

	/** The run as {@code GET /api/runs/{id}} shows it. */
	public RunView view(String id) {
		return refusing(() -> this.runs.view(id));
	}

	/**
	 * Looks at the run every {@code poll} until it has ended, {@code enough} holds, or
	 * {@code wait} has passed, and answers with it as last seen; {@code looked} hears of
	 * each look. For servers that answer with a run once it ended within the wait their
	 * client allows (MCP's process tools, A2A's blocking {@code message/send}).
	 */
	public RunView await(RunView started, Duration wait, Duration poll, Predicate<RunView> enough,
			Consumer<RunView> looked) {
		long deadline = System.nanoTime() + wait.toNanos();
		RunView run = started;
		while (run.status() == RunView.Status.RUNNING && !enough.test(run) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(Math.min(poll.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return run;
			}
			run = view(run.id());
			looked.accept(run);
		}
		return run;
	}

	/** Stops the run as {@code POST /api/runs/{id}/stop} does. */
	public RunView stop(String id, String person, String via) {
		return refusing(() -> this.stops.stop(id, person, via));
	}

	/** One page of the runs the person may see, as {@code GET /api/runs} finds them. */
	public RunHistory.RunPage find(String process, String status, Integer page, Integer size) {
		return refusing(() -> this.history.find(RunSearch.of(process, status, null, null, null, page, size)));
	}

	/**
	 * One page of the runs the person may see of a process, status and start time window
	 * (a day or an instant; any may be {@code null}), newest first.
	 */
	public RunHistory.RunPage find(String process, String status, String startedFrom, String startedTo, Integer page,
			Integer size) {
		return refusing(
				() -> this.history.find(RunSearch.of(process, status, startedFrom, startedTo, null, page, size)));
	}

	/**
	 * The run's transcript as {@code GET /api/runs/{id}/transcript} shows it, read the
	 * same way ({@link RunTranscripts}): with its tool calls and the calls a spent quota
	 * held.
	 */
	public List<io.bpmnagents.transcript.TranscriptEntry> transcript(String id) {
		return refusing(() -> this.transcripts.of(id));
	}

	/**
	 * Who the run waits for: each of its open user tasks (an approval, a question to a
	 * person) with the people and groups it is offered to, and since when.
	 */
	public List<Waiting> waitingFor(RunView run) {
		return this.access.asApp(() -> run.userTasks().stream().map((task) -> {
			List<IdentityLink> links = this.tasks.getIdentityLinksForTask(task.id());
			return new Waiting(task.name(), task.assignee(), candidates(links, true), candidates(links, false),
					task.createdAt());
		}).toList());
	}

	private static List<String> candidates(List<IdentityLink> links, boolean users) {
		return links.stream()
			.filter((link) -> IdentityLinkType.CANDIDATE.equals(link.getType()))
			.map((link) -> users ? link.getUserId() : link.getGroupId())
			.filter((id) -> id != null)
			.toList();
	}

	private static <T> T refusing(java.util.function.Supplier<T> work) {
		try {
			return work.get();
		}
		catch (InvalidInputException ex) {
			throw new Refused(ex.field(), ex.getMessage());
		}
		catch (RefusedVariableException ex) {
			throw new Refused(ex.variable(), ex.getMessage());
		}
		catch (StartRefusedException ex) {
			throw new Refused(ex.variable(), ex.getMessage());
		}
		catch (RunAccess.NotAllowed | AuthorizationException ex) {
			throw new Refused("process", ex.getMessage());
		}
		catch (RunNotFoundException | RunStops.NotRunning ex) {
			throw new Refused("runId", ex.getMessage());
		}
		catch (BadUserRequestException ex) {
			throw new Refused(null, ex.getMessage());
		}
	}

	/**
	 * A task of the run that waits for a person.
	 *
	 * @param task the task's name
	 * @param assignee who took it, or {@code null}
	 * @param users the people it is offered to
	 * @param groups the groups it is offered to
	 * @param since when it was created
	 */
	public record Waiting(String task, String assignee, List<String> users, List<String> groups, Instant since) {
	}

	/**
	 * What the HTTP API refuses with a 4xx: the field it is about ({@code null} when none
	 * is) and the message a person can act on.
	 */
	public static class Refused extends RuntimeException {

		private final String field;

		Refused(String field, String message) {
			super(message);
			this.field = field;
		}

		public String field() {
			return this.field;
		}

	}

}
