package io.bpmnagents.run;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.transcript.TranscriptEntry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The runs API: start a pattern, follow it, read what its agents said and what it cost.
 */
@RestController
@RequestMapping("/api")
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunController {

	private final RunService runs;

	private final AgentRegistry agents;

	private final RunEvents events;

	private final RunAccess access;

	private final RunTools tools;

	private final RunTranscripts transcripts;

	/**
	 * Body of {@code POST /api/runs}: a process key, its input, and optionally the run's
	 * business key.
	 */
	record StartRun(String process, String businessKey, Map<String, Object> input) {
	}

	@PostMapping("/runs")
	ResponseEntity<RunView> start(@RequestBody StartRun request) {
		this.access.checkMayStart(request.process());
		RunView run = this.runs.start(request.process(), request.businessKey(), request.input());
		return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(run);
	}

	@GetMapping("/runs/{id}")
	RunView run(@PathVariable String id) {
		return this.runs.view(id);
	}

	@GetMapping("/runs/{id}/transcript")
	List<TranscriptEntry> transcript(@PathVariable String id) {
		return this.transcripts.of(id);
	}

	/**
	 * The run's shared workspace (what its agents stored with {@code workspace_write}).
	 */
	@GetMapping("/runs/{id}/workspace")
	Map<String, String> workspace(@PathVariable String id) {
		this.access.read(id, (run) -> run);
		return this.tools.workspace(id);
	}

	@GetMapping(path = "/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String id) {
		return this.events.stream(id);
	}

	@GetMapping("/agents")
	Collection<AgentDefinition> agents() {
		return this.agents.all();
	}

}
