package io.bpmnagents.run;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs as history holds them, for the Cockpit plugins and scripts alike: find runs, read
 * one whole (path, variables, incidents), and the agents' figures per process.
 */
@RestController
@RequestMapping("/api")
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunHistoryController {

	private final RunHistory history;

	private final AgentFigures figures;

	@GetMapping("/runs")
	RunHistory.RunPage find(@RequestParam(required = false) String process,
			@RequestParam(required = false) String status, @RequestParam(required = false) String startedFrom,
			@RequestParam(required = false) String startedTo, @RequestParam(required = false) String text,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.history.find(RunSearch.of(process, status, startedFrom, startedTo, text, page, size));
	}

	@GetMapping("/runs/{id}/history")
	RunHistory.RunRecord record(@PathVariable String id) {
		return this.history.record(id);
	}

	/**
	 * The run's diagram as a file to save, never a page: opened in a browser, XML could
	 * run what it holds (the plugin reads it with fetch, which an attachment does not
	 * change).
	 */
	@GetMapping(path = "/runs/{id}/diagram", produces = MediaType.APPLICATION_XML_VALUE)
	ResponseEntity<String> diagram(@PathVariable String id) {
		String xml = this.history.diagram(id);
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("run-" + id + ".bpmn").build().toString())
			.body(xml);
	}

	@GetMapping("/processes/{key}/agent-figures")
	AgentFigures.ProcessFigures figures(@PathVariable String key) {
		return this.figures.of(key);
	}

}
