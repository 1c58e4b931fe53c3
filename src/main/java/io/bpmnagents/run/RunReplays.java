package io.bpmnagents.run;

import java.net.URI;

import io.bpmnagents.replay.Recording;
import io.bpmnagents.replay.RunInputs;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/runs/{id}/replay} starts a finished run again, same process version
 * and input, answering its agents from the original's transcript without calling a model;
 * {@code GET /api/runs/{id}/recording} exports a finished run's answers as a file a test
 * can load as its model. Both need the run to be visible to the caller (else 404); a
 * replay also needs the grants to start runs of its process (else 403).
 */
@RestController
class RunReplays {

	private final RunService runs;

	private final RunAccess access;

	private final RunInputs inputs;

	private final TranscriptStore transcript;

	private final TransactionTemplate transaction;

	private final RuntimeService runtime;

	RunReplays(RunService runs, RunAccess access, RunInputs inputs, TranscriptStore transcript,
			TransactionTemplate transaction, RuntimeService runtime) {
		this.runtime = runtime;
		this.runs = runs;
		this.access = access;
		this.inputs = inputs;
		this.transcript = transcript;
		this.transaction = transaction;
	}

	@PostMapping("/api/runs/{id}/replay")
	ResponseEntity<RunView> replay(@PathVariable String id) {
		RunView run = finished(id, "replayed");
		this.access.checkMayStart(run.process());
		RunInputs.RunInput input = recordedInput(id);
		RunView replay;
		try {
			replay = this.runs.view(startReplay(input, id));
		}
		catch (AuthorizationException ex) {
			throw ex;
		}
		catch (ProcessEngineException ex) {
			throw new NotReplayable("Run '" + id + "' could not be started again: " + ex.getMessage());
		}
		return ResponseEntity.created(URI.create("/api/runs/" + replay.id())).body(replay);
	}

	/**
	 * Starts the recorded process version with the recorded input, marked as a replay in
	 * the transaction that starts it, so that its first agent call already finds the
	 * mark. The engine checks the person's grants and the process's contract as for any
	 * start.
	 */
	private String startReplay(RunInputs.RunInput input, String original) {
		VariableMap variables = Variables.createVariables();
		input.input().forEach((name, value) -> variables.putValueTyped(name, RunService.asGiven(name, value)));
		return this.transaction.execute((status) -> {
			String started = this.runtime.startProcessInstanceById(input.processDefinitionId(), variables).getId();
			this.inputs.markReplay(started, original);
			return started;
		});
	}

	@GetMapping(path = "/api/runs/{id}/recording", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Recording> recording(@PathVariable String id) {
		RunView run = finished(id, "exported");
		Recording recording = Recording.of(id, run.process(), run.processVersion(),
				this.inputs.of(id).map(RunInputs.RunInput::input).orElse(null), this.transcript.forRun(id));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("run-" + id + "-recording.json").build().toString())
			.body(recording);
	}

	/** The run, if the caller may see it and it has ended. */
	private RunView finished(String id, String what) {
		RunView run = this.runs.view(id);
		if (run.status() == RunView.Status.RUNNING) {
			throw new NotReplayable("Run '" + id + "' is still running: only a finished run can be " + what
					+ ". Wait for it to end, or stop it, first.");
		}
		return run;
	}

	private RunInputs.RunInput recordedInput(String id) {
		RunInputs.RunInput input = this.inputs.of(id)
			.orElseThrow(() -> new NotReplayable("Run '" + id + "' cannot be replayed: its input was not recorded "
					+ "(it started before this version of bpmn-agents recorded run inputs)."));
		if (input.input() == null) {
			throw new NotReplayable("Run '" + id + "' cannot be replayed. " + input.inputError());
		}
		return input;
	}

	static class NotReplayable extends RunConflictException {

		NotReplayable(String message) {
			super("Run cannot be replayed", message);
		}

	}

}
