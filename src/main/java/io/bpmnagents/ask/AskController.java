package io.bpmnagents.ask;

import java.time.Instant;
import java.util.List;

import io.bpmnagents.agent.ToolLoopException;
import io.bpmnagents.budget.BudgetExhaustedException;
import io.bpmnagents.guardrail.GuardrailException;
import io.bpmnagents.llm.ModelCallException;
import io.bpmnagents.quota.QuotaExhaustedException;
import io.bpmnagents.run.RunTools;
import io.bpmnagents.security.ProblemResponse;
import io.bpmnagents.stall.AgentStalledException;
import io.bpmnagents.transcript.Secrets;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/agents/{name}/ask} asks one agent directly and answers {@code {id,
 * agent, answer, usage, savedTo}}; {@code GET /api/agents/{name}/asks} shows the latest
 * questions to it the person may read (their own; an administrator: all), each with its
 * calls as the transcript holds them. See docs/datasets.md.
 */
@RestController
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AskController {

	static final int LATEST = 50;

	private final AgentAsks asks;

	private final TranscriptStore transcript;

	private final RunTools tools;

	/** A direct question as {@code GET /api/agents/{name}/asks} shows it. */
	record AskView(String id, String agent, String askedBy, Instant askedAt, List<TranscriptEntry> calls) {
	}

	@PostMapping("/api/agents/{name}/ask")
	AgentAsks.Answer ask(@PathVariable String name, @RequestBody(required = false) AgentAsks.Question question) {
		return this.asks.ask(name, question);
	}

	@GetMapping("/api/agents/{name}/asks")
	List<AskView> asks(@PathVariable String name) {
		return this.asks.readable(name, LATEST)
			.stream()
			.map((ask) -> new AskView(ask.id(), ask.agent(), ask.askedBy(), ask.askedAt(),
					this.tools.withToolCalls(ask.id(), this.transcript.forRun(ask.id()))))
			.toList();
	}

	@ExceptionHandler
	ProblemDetail refused(AskExceptions.Refusal ex) {
		return ProblemResponse.of(ex.status(), ex.title(), ex);
	}

	/** A guardrail refused the question or the answer, or the agent looped with tools. */
	@ExceptionHandler({ GuardrailException.class, AgentStalledException.class, ToolLoopException.class })
	ProblemDetail callRefused(RuntimeException ex) {
		return ProblemResponse.of(HttpStatus.UNPROCESSABLE_ENTITY, "The agent's call was refused", ex);
	}

	@ExceptionHandler({ QuotaExhaustedException.class, BudgetExhaustedException.class })
	ProblemDetail exhausted(RuntimeException ex) {
		return ProblemResponse.of(HttpStatus.TOO_MANY_REQUESTS, "Quota exhausted", ex);
	}

	@ExceptionHandler
	ProblemDetail modelFailed(ModelCallException ex) {
		// The client's message may carry the server's URL with a key in it.
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				Secrets.redact(ex.getMessage()));
		problem.setTitle("The model did not answer");
		return problem;
	}

}
