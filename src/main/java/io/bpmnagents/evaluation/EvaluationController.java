package io.bpmnagents.evaluation;

import java.net.URI;
import java.util.List;
import java.util.Map;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The evaluations API: start an evaluation of a change, follow it, and ask whether it
 * passes (for a pipeline: {@code curl --fail} exits non-zero on the 409 of a failing
 * gate).
 */
@RestController
@RequestMapping("/api/evaluations")
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class EvaluationController {

	private final Evaluations evaluations;

	private final EvaluationGate gate;

	@PostMapping
	ResponseEntity<Map<String, String>> start(@RequestBody(required = false) EvaluationRequest request) {
		String id = this.evaluations.start(request);
		return ResponseEntity.created(URI.create("/api/evaluations/" + id)).body(Map.of("id", id));
	}

	/** The evaluations the person may see, newest first, with counts but no cases. */
	@GetMapping
	List<EvaluationView> evaluations(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.evaluations.find(page, size);
	}

	@GetMapping("/{id}")
	EvaluationView evaluation(@PathVariable String id) {
		return this.evaluations.view(id);
	}

	/**
	 * 200 when the evaluation has completed with no failed case and at most
	 * {@code threshold} worse ones; 409 otherwise, also while it runs.
	 */
	@GetMapping("/{id}/gate")
	ResponseEntity<EvaluationGate.Decision> gate(@PathVariable String id,
			@RequestParam(defaultValue = "0") int threshold) {
		EvaluationGate.Decision decision = this.gate.decide(this.evaluations.view(id), threshold);
		return ResponseEntity.status(decision.passed() ? 200 : 409).body(decision);
	}

}
