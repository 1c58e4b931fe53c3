package io.bpmnagents.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.bpmnagents.budget.RunBudget;
import io.bpmnagents.guardrail.GuardrailException;
import io.bpmnagents.guardrail.GuardrailRepromptException;
import io.bpmnagents.guardrail.Guardrails;
import io.bpmnagents.llm.ModelCallException;
import io.bpmnagents.llm.ModelClient;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.message.MessageStore;
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
 * outcome. An agent offered tools answers through the tool-call loop ({@link ToolLoop}).
 */
@Service
public class AgentService {

	private final AgentRegistry registry;

	private final ModelClient model;

	private final TranscriptStore transcript;

	private final AgentProperties properties;

	private final MeterRegistry meters;

	private final String worker;

	private final ToolLoop toolLoop;

	private final RunBudget budget;

	private final AgentTracing tracing;

	private final ReplayAnswers replays;

	private final MessageStore messages;

	private final Guardrails guardrails;

	AgentService(AgentRegistry registry, ModelClient model, TranscriptStore transcript, AgentProperties properties,
			MeterRegistry meters, WorkerIdentity worker, ToolLoop toolLoop, RunBudget budget, AgentTracing tracing,
			ReplayAnswers replays, MessageStore messages, Guardrails guardrails) {
		this.messages = messages;
		this.guardrails = guardrails;
		this.toolLoop = toolLoop;
		this.budget = budget;
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
		AgentOutcome outcome = ask(request, ExternalTools.NONE);
		if (outcome instanceof AgentOutcome.Answered answered) {
			return answered.text();
		}
		throw new IllegalStateException("Tools were requested, though none run outside were offered");
	}

	/**
	 * Asks, offering besides the agent's tools some that the caller runs itself: the
	 * outcome is the answer, or the calls of those tools the model asked for (ask again
	 * with their results, under the same {@code externalTaskId}).
	 */
	public AgentOutcome ask(AgentRequest request, ExternalTools external) {
		AgentDefinition agent = this.registry.require(request.agent());
		List<String> tools = ToolLoop.offered(agent, request);
		if (!tools.isEmpty() || !external.specifications().isEmpty()) {
			// The chat is built when the loop needs it: a task answered before it was
			// delivered again takes no messages it would never pass on.
			return this.toolLoop.run(request, agent, tools, external, () -> history(request, agent),
					(r, a, key, messages, attempt, specifications) -> call(r, a, key,
							(external.lockedTaskId() != null) ? external.lockedTaskId() : key, messages, attempt,
							specifications));
		}
		return new AgentOutcome.Answered(askWithoutTools(request, agent));
	}

	/**
	 * Asks without offering any tool, not even the agent's own: for an agent asked by
	 * another agent's tool call ({@code ask_agent}), so questions cannot nest without
	 * end.
	 */
	public String askWithoutTools(AgentRequest request) {
		return askWithoutTools(request, this.registry.require(request.agent()));
	}

	private String askWithoutTools(AgentRequest request, AgentDefinition agent) {
		TranscriptStore.EarlierCalls earlier = this.transcript.earlierCalls(request.runId(), request.externalTaskId());
		if (earlier.answer().isPresent()) {
			// Delivered again after its answer was recorded (a crash or lost lock before
			// completion): reuse the answer instead of paying for the call twice.
			return earlier.answer().get();
		}
		List<ChatTurn> messages = history(request, agent);
		return call(request, agent, request.externalTaskId(), request.externalTaskId(), messages,
				earlier.attempts() + 1, List.of())
			.reply()
			.text();
	}

	/**
	 * The agent's system prompt, then its memory in the run, or in a conversation the
	 * conversation so far (even none yet, on the first turn), then the messages other
	 * agents sent it since its last call, each {@code [From <sender>]: <text>}, then the
	 * new prompt.
	 */
	private List<ChatTurn> history(AgentRequest request, AgentDefinition agent) {
		List<ChatTurn> messages = new ArrayList<>();
		messages.add(ChatTurn.system(agent.systemPrompt()));
		if (request.history() == null) {
			this.transcript.recentAnswered(request.runId(), agent.name(), this.properties.memoryWindow())
				.forEach((call) -> messages.addAll(call.exchange()));
		}
		else {
			messages.addAll(request.history());
		}
		// Taken by this call's key: a task delivered again, or retried, gets the same
		// messages again, and no other call gets them.
		this.messages.deliver(request.runId(), agent.name(), request.externalTaskId())
			.forEach((message) -> messages.add(ChatTurn.user(message.prefixed())));
		messages.add(ChatTurn.user(request.prompt()));
		return messages;
	}

	/**
	 * One model call, recorded in the transcript whatever its outcome. A reply that asks
	 * for tools is recorded without a response; the caller records its requests.
	 * @param callKey names the call within its task: what is recorded under it is reused
	 * when the task is delivered again
	 * @param lockKey the external task whose lock the answer needs ({@code <task id>/…})
	 */
	private ToolLoop.Recorded call(AgentRequest request, AgentDefinition agent, String callKey, String lockKey,
			List<ChatTurn> messages, int attempt, List<ToolSpecification> tools) {
		// Before each model call (a tool loop makes several) and before it is recorded: a
		// refused call costs nothing and is not in the transcript.
		this.budget.check(request.runId());
		String modelName = this.model.modelFor(agent);
		Optional<String> original = this.replays.originalOf(request.runId());
		// Guardrails: nothing to do, and no query, for a call without any.
		Guarded guarded = Guarded.of(this.guardrails, agent, request, callKey);
		String prompt = guarded.input(request.prompt());
		if (prompt != request.prompt()) {
			messages = Guarded.withPrompt(messages, request.prompt(), prompt);
		}
		TranscriptStore.CallStart start = new TranscriptStore.CallStart(request.runId(), request.processInstanceId(),
				request.activityId(), callKey, agent.name(), modelName, prompt, messages, Instant.now(), attempt,
				this.worker);
		if (guarded.refusedInput() != null) {
			// The model is not asked; the refusal is in the transcript as the call's
			// error.
			String callId = this.transcript.started(start);
			this.transcript.guarded(callId, guarded.decisions());
			this.transcript.failed(callId, guarded.refusedInput().getMessage(), Instant.now(), 0);
			throw guarded.refusedInput();
		}
		if (original.isPresent()) {
			String callId = this.transcript.started(start);
			this.transcript.guarded(callId, guarded.decisions());
			return replay(request, agent, original.get(), callId, lockKey, System.nanoTime(), prompt);
		}
		// The span first, so that its ids are written with the call in one statement.
		AgentTracing.ModelCallSpan span = this.tracing.modelCall(site(request, agent), modelName);
		String callId;
		try {
			callId = this.transcript.started(start.withSpan(span.traceId(), span.spanId()));
		}
		catch (RuntimeException ex) {
			span.failed(ex);
			throw ex;
		}
		long t0 = System.nanoTime();
		boolean spanEnded = false;
		try {
			ModelReply reply = this.model.chat(agent, messages, request.jsonAnswer(), request.answerSchema(), tools);
			if (tools.isEmpty() && reply.text() == null) {
				// Asked for tools it was not offered: no answer, a failed attempt.
				throw new ModelCallException("The model asked agent '" + agent.name()
						+ "' for tool calls, but no tools were offered: it gave no answer", null);
			}
			span.succeeded(reply.model(), reply.promptTokens(), reply.completionTokens(), reply.finishReason());
			spanEnded = true;
			long latency = Duration.ofNanos(System.nanoTime() - t0).toMillis();
			// Without tools offered, a text that came along with tool requests is the
			// answer.
			boolean asksForTools = reply.wantsTools() && !tools.isEmpty();
			if (!asksForTools && !guarded.isEmpty()) {
				// The answer is recorded as the output guardrails leave it, so a task
				// delivered again reuses only what they let through.
				String answer = guarded.output(reply.text());
				this.transcript.guarded(callId, guarded.decisions());
				if (guarded.refusedOutput() != null) {
					this.transcript.failed(callId, guarded.refusal(), Instant.now(), latency);
					record(request, agent, reply.model(), "guardrail", latency, reply);
					throw guarded.refusedOutput();
				}
				reply = new ModelReply(answer, reply.model(), reply.promptTokens(), reply.completionTokens(),
						reply.toolRequests(), reply.finishReason());
			}
			if (!this.transcript.succeeded(callId, lockKey, this.worker, reply.model(),
					asksForTools ? null : reply.text(), Instant.now(), latency, reply.promptTokens(),
					reply.completionTokens())) {
				record(request, agent, reply.model(), "discarded", latency, null);
				throw new LockLostException(callKey);
			}
			record(request, agent, reply.model(), "success", latency, reply);
			return new ToolLoop.Recorded(callId,
					(asksForTools || !reply.wantsTools()) ? reply : new ModelReply(reply.text(), reply.model(),
							reply.promptTokens(), reply.completionTokens(), List.of(), reply.finishReason()));
		}
		catch (LockLostException | GuardrailException | GuardrailRepromptException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// A model error, or the database failing around the call: the attempt ends
			// recorded as failed, and its span ends, whatever went wrong.
			if (!spanEnded) {
				span.failed(ex);
			}
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
	private ToolLoop.Recorded replay(AgentRequest request, AgentDefinition agent, String original, String callId,
			String lockKey, long t0, String prompt) {
		try {
			TranscriptEntry recorded = this.replays.answer(request.runId(), original, callId, request.activityId(),
					agent.name(), prompt);
			if (recorded.response() == null) {
				this.replays.release(callId);
				throw new ReplayMismatchException("Replay of run " + original + ": agent '" + agent.name()
						+ "' at activity '" + request.activityId()
						+ "' was recorded asking for tools; replays do not repeat tool calls");
			}
			long latency = Duration.ofNanos(System.nanoTime() - t0).toMillis();
			if (!this.transcript.succeeded(callId, lockKey, this.worker, recorded.model(), recorded.response(),
					Instant.now(), latency, recorded.promptTokens(), recorded.completionTokens())) {
				this.replays.release(callId);
				throw new LockLostException(lockKey);
			}
			return new ToolLoop.Recorded(callId, new ModelReply(recorded.response(), recorded.model(),
					recorded.promptTokens(), recorded.completionTokens()));
		}
		catch (LockLostException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// Whatever failed after a recorded answer was claimed gives it back, so the
			// retried call can take it.
			if (!(ex instanceof ReplayMismatchException)) {
				this.replays.release(callId);
			}
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
