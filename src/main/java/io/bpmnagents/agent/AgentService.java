package io.bpmnagents.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.bpmnagents.llm.ModelCallException;
import io.bpmnagents.llm.ModelClient;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.replay.ReplayAnswers;
import io.bpmnagents.replay.ReplayMismatchException;
import io.bpmnagents.tracing.AgentTracing;
import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Service;

/**
 * Asks an agent: builds its chat from its system prompt, its memory in the run and the
 * new prompt, calls the model, and records the call in the transcript whatever the
 * outcome.
 */
@Service
public class AgentService {

	private final AgentRegistry registry;

	private final ModelClient model;

	private final TranscriptStore transcript;

	private final AgentProperties properties;

	private final MeterRegistry meters;

	private final String worker;

	private final AgentTracing tracing;

	private final ReplayAnswers replays;

	AgentService(AgentRegistry registry, ModelClient model, TranscriptStore transcript, AgentProperties properties,
			MeterRegistry meters, WorkerIdentity worker, AgentTracing tracing, ReplayAnswers replays) {
		this.tracing = tracing;
		this.replays = replays;
		this.registry = registry;
		this.model = model;
		this.transcript = transcript;
		this.properties = properties;
		this.meters = meters;
		this.worker = worker.id();
	}

	public String ask(AgentRequest request) {
		AgentDefinition agent = this.registry.require(request.agent());
		TranscriptStore.EarlierCalls earlier = this.transcript.earlierCalls(request.externalTaskId());
		if (earlier.answer().isPresent()) {
			// Delivered again after its answer was recorded (a crash or lost lock before
			// completion): reuse the answer instead of paying for the call twice.
			return earlier.answer().get();
		}
		List<ChatTurn> messages = new ArrayList<>();
		messages.add(ChatTurn.system(agent.systemPrompt()));
		this.transcript.recentAnswered(request.runId(), agent.name(), this.properties.memoryWindow())
			.forEach((call) -> messages.addAll(call.exchange()));
		messages.add(ChatTurn.user(request.prompt()));
		String modelName = this.model.modelFor(agent);
		Instant started = Instant.now();
		int attempt = earlier.attempts() + 1;
		String callId = this.transcript.started(new TranscriptStore.CallStart(request.runId(),
				request.processInstanceId(), request.activityId(), request.externalTaskId(), agent.name(), modelName,
				request.prompt(), messages, started, attempt, this.worker));
		long t0 = System.nanoTime();
		Optional<String> original = this.replays.originalOf(request.runId());
		if (original.isPresent()) {
			return replay(request, agent, original.get(), callId, t0);
		}
		AgentTracing.ModelCallSpan span = this.tracing.modelCall(site(request, agent), modelName);
		if (span.traceId() != null) {
			this.transcript.traced(callId, span.traceId(), span.spanId());
		}
		try {
			ModelReply reply = this.model.chat(agent, messages, request.jsonAnswer(), request.answerFields());
			span.succeeded(reply.model(), reply.promptTokens(), reply.completionTokens(), reply.finishReason());
			long latency = Duration.ofNanos(System.nanoTime() - t0).toMillis();
			if (!this.transcript.succeeded(callId, request.externalTaskId(), this.worker, reply.model(), reply.text(),
					Instant.now(), latency, reply.promptTokens(), reply.completionTokens())) {
				record(request, agent, reply.model(), "discarded", latency, null);
				throw new LockLostException(request.externalTaskId());
			}
			record(request, agent, reply.model(), "success", latency, reply);
			return reply.text();
		}
		catch (ModelCallException ex) {
			span.failed(ex);
			long latency = Duration.ofNanos(System.nanoTime() - t0).toMillis();
			this.transcript.failed(callId, ex.getMessage(), Instant.now(), latency);
			record(request, agent, modelName, "error", latency, null);
			throw ex;
		}
	}

	/** Where a call is made, for its span and for the spans of the tools it calls. */
	static AgentTracing.CallSite site(AgentRequest request, AgentDefinition agent) {
		return new AgentTracing.CallSite(request.runId(), request.processInstanceId(), request.processKey(),
				request.activityId(), agent.name());
	}

	/**
	 * A call of a replay: answered from the original run's transcript, never by the model
	 * ({@link ReplayAnswers}); a prompt the recording does not have fails the call.
	 */
	private String replay(AgentRequest request, AgentDefinition agent, String original, String callId, long t0) {
		try {
			TranscriptEntry recorded = this.replays.answer(request.runId(), original, callId, request.activityId(),
					agent.name(), request.prompt());
			long latency = Duration.ofNanos(System.nanoTime() - t0).toMillis();
			if (!this.transcript.succeeded(callId, request.externalTaskId(), this.worker, recorded.model(),
					recorded.response(), Instant.now(), latency, recorded.promptTokens(),
					recorded.completionTokens())) {
				this.replays.release(callId);
				throw new LockLostException(request.externalTaskId());
			}
			return recorded.response();
		}
		catch (ReplayMismatchException ex) {
			this.transcript.failed(callId, ex.getMessage(), Instant.now(),
					Duration.ofNanos(System.nanoTime() - t0).toMillis());
			throw ex;
		}
	}

	private void record(AgentRequest request, AgentDefinition agent, String modelName, String outcome, long latencyMs,
			ModelReply reply) {
		String[] tags = { "agent", agent.name(), "model", modelName, "process", request.processKey() };
		Timer.builder("agent.calls")
			.description("Model calls made by agents")
			.tags(tags)
			.tag("outcome", outcome)
			.register(this.meters)
			.record(Duration.ofMillis(latencyMs));
		if (reply != null) {
			this.meters
				.counter("agent.tokens", "agent", agent.name(), "model", modelName, "process", request.processKey(),
						"type", "prompt")
				.increment(nullToZero(reply.promptTokens()));
			this.meters
				.counter("agent.tokens", "agent", agent.name(), "model", modelName, "process", request.processKey(),
						"type", "completion")
				.increment(nullToZero(reply.completionTokens()));
		}
	}

	private static double nullToZero(Integer value) {
		return (value != null) ? value : 0;
	}

}
