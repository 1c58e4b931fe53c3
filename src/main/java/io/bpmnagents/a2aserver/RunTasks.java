package io.bpmnagents.a2aserver;

import java.util.Map;

import io.a2a.spec.InvalidParamsError;
import io.a2a.spec.JSONRPCError;
import io.a2a.spec.Message;
import io.a2a.spec.MessageSendParams;
import io.a2a.spec.Task;
import io.a2a.spec.TaskNotCancelableError;
import io.a2a.spec.TaskNotFoundError;
import io.a2a.spec.UnsupportedOperationError;
import io.bpmnagents.contract.ProcessContract;
import io.bpmnagents.run.RunOperations;
import io.bpmnagents.run.RunView;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The A2A methods of a process's agent on its runs, as the caller, through the runs API's
 * operations and checks ({@link RunOperations}): {@code message/send} starts a run,
 * {@code tasks/get} shows one, {@code tasks/cancel} stops one. A refusal is an A2A error
 * that names the field, as the runs API's 4xx does.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class RunTasks {

	private final ProcessAgentCards cards;

	private final RunOperations runs;

	private final TaskOfRun tasks;

	private final A2aEndpointProperties properties;

	/**
	 * Starts a run with the message's input; a blocking send (the default) waits up to
	 * {@code bpmn-agents.a2a-endpoint.blocking-wait} for it to end or to wait for a
	 * person.
	 */
	Task send(String process, MessageSendParams params) {
		Message message = (params != null) ? params.message() : null;
		if (message == null) {
			throw refused("message", "A message is required.");
		}
		if (message.getTaskId() != null) {
			throw new UnsupportedOperationError(null,
					"A message to an existing task is not taken: each message "
							+ "starts a run. A run waiting for a person is decided in Tasklist or with POST /api/runs/"
							+ message.getTaskId() + "/approval.",
					Map.of("field", "message.taskId"));
		}
		ProcessContract contract = this.cards.contract(process)
			.orElseThrow(() -> refused("process", "No process '" + process + "' is deployed."));
		Map<String, Object> input = MessageInputs.of(contract, message);
		Object businessKey = (message.getMetadata() != null) ? message.getMetadata().get("businessKey") : null;
		if (businessKey != null && !(businessKey instanceof String)) {
			throw refused("metadata.businessKey", "must be a string, was " + businessKey + ".");
		}
		RunView run = refusing(() -> this.runs.start(process, (String) businessKey, input));
		boolean blocking = params.configuration() == null || !Boolean.FALSE.equals(params.configuration().blocking());
		// A run waiting for a person is answered at once: waiting longer cannot help.
		return this.tasks.of(blocking ? this.runs.await(run, this.properties.blockingWait(), this.properties.poll(),
				(seen) -> !seen.userTasks().isEmpty(), (seen) -> {
				}) : run);
	}

	Task get(String process, String id) {
		return this.tasks.of(run(process, id));
	}

	Task cancel(String process, String id, String person) {
		RunView run = run(process, id);
		if (run.status() != RunView.Status.RUNNING) {
			throw new TaskNotCancelableError(null, "Task " + id + " has ended (" + run.status() + ").",
					Map.of("field", "id"));
		}
		return this.tasks.of(refusing(() -> this.runs.stop(id, person, "A2A tasks/cancel")));
	}

	/** The caller's run of this process; any other is not found. */
	private RunView run(String process, String id) {
		if (id == null || id.isBlank()) {
			throw refused("id", "A task id is required.");
		}
		RunView run;
		try {
			run = this.runs.view(id);
		}
		catch (RunOperations.Refused ex) {
			throw new TaskNotFoundError(null, ex.getMessage(), Map.of("field", "id"));
		}
		if (!process.equals(run.process())) {
			throw new TaskNotFoundError(null, "No run with id '" + id + "' of '" + process + "'.",
					Map.of("field", "id"));
		}
		return run;
	}

	private static RunView refusing(java.util.function.Supplier<RunView> work) {
		try {
			return work.get();
		}
		catch (RunOperations.Refused ex) {
			throw (ex.field() != null) ? refused(ex.field(), ex.getMessage())
					: new InvalidParamsError(null, ex.getMessage(), null);
		}
	}

	static JSONRPCError refused(String field, String message) {
		return new InvalidParamsError(null, "Field '" + field + "': " + message, Map.of("field", field));
	}

}
