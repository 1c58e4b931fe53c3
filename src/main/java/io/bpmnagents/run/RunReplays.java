package io.bpmnagents.run;

import java.net.URI;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.replay.Recording;
import io.bpmnagents.replay.ReplayRequest;
import io.bpmnagents.replay.ReplayStarts;
import io.bpmnagents.replay.RunInputs;
import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/runs/{id}/replay} starts a finished run again, same process version
 * and input, answering its agents and tools from the original's transcript without
 * calling a model or a tool ({@link ReplayStarts}; a body may name another version, go
 * live at the first difference and change agents); {@code GET /api/runs/{id}/recording}
 * exports a finished run's answers as a file a test can load as its model. Both need the
 * run to be visible to the caller (else 404); a replay also needs the grants to start
 * runs of its process (else 403).
 */
@RestController
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunReplays {

	private final RunService runs;

	private final ReplayStarts replays;

	private final RunInputs inputs;

	private final TranscriptStore transcript;

	private final RepositoryService repository;

	private final RunAccess access;

	/**
	 * What a replay changes, all optional: another {@code version} of the process, going
	 * live at the first difference ({@code goLive}), letting live tools act
	 * ({@code toolsMayAct}), and agents changed for the replay only ({@code agents}: name
	 * to {@code model} and {@code systemPrompt}).
	 */
	record Replay(Integer version, Boolean goLive, Boolean toolsMayAct,
			Map<String, ReplayRequest.AgentOverride> agents) {
	}

	@PostMapping("/api/runs/{id}/replay")
	ResponseEntity<RunView> replay(@PathVariable String id, @RequestBody(required = false) Replay body) {
		Replay asked = (body != null) ? body : new Replay(null, null, null, null);
		String definition = (asked.version() != null) ? version(id, asked.version()) : null;
		String started = this.replays.start(new ReplayRequest(id, definition, asked.agents(),
				Boolean.TRUE.equals(asked.goLive()), Boolean.TRUE.equals(asked.toolsMayAct())));
		RunView replay = this.runs.view(started);
		return ResponseEntity.created(URI.create("/api/runs/" + replay.id())).body(replay);
	}

	/** The id of version {@code version} of the run's process. */
	private String version(String id, int version) {
		String process = this.runs.view(id).process();
		if (version < 1) {
			throw new InvalidInputException("version", "Field 'version' must be a version number of process '" + process
					+ "' (1 or more), or left out for the recorded one; it was " + version + ".");
		}
		ProcessDefinition found = this.access.asApp(() -> this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(process)
			.processDefinitionVersion(version)
			.singleResult());
		if (found == null) {
			throw new InvalidInputException("version", "Process '" + process + "' has no version " + version
					+ ": name a deployed version, or none " + "for the recorded one.");
		}
		return found.getId();
	}

	@GetMapping(path = "/api/runs/{id}/recording", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Recording> recording(@PathVariable String id) {
		RunView run = finished(this.runs.view(id), "exported");
		Recording recording = Recording.of(id, run.process(), run.processVersion(),
				this.inputs.of(id).map(RunInputs.RunInput::input).orElse(null), this.transcript.forRun(id));
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("run-" + id + "-recording.json").build().toString())
			.body(recording);
	}

	/** The run, if it has ended. */
	static RunView finished(RunView run, String what) {
		if (run.status() == RunView.Status.RUNNING) {
			throw new NotReplayable("Run '" + run.id() + "' is still running: only a finished run can be " + what
					+ ". Wait for it to end, or stop it, first.");
		}
		return run;
	}

	static RunInputs.RunInput recordedInput(RunInputs inputs, String id) {
		RunInputs.RunInput input = inputs.of(id)
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
