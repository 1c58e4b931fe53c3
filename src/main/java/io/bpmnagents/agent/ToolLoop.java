package io.bpmnagents.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.replay.ReplayAnswers;
import io.bpmnagents.replay.ReplayMode;
import io.bpmnagents.replay.ReplayTools;
import io.bpmnagents.stall.StallProperties;
import io.bpmnagents.stall.ToolLoopWatch;
import io.bpmnagents.tracing.AgentTracing;
import io.bpmnagents.tool.ToolContext;
import io.bpmnagents.tool.ToolProperties;
import io.bpmnagents.tool.ToolRegistry;
import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;
import io.bpmnagents.transcript.TranscriptStore;

import org.springframework.stereotype.Component;

/**
 * The model's tool-call loop for one agent task: the model is offered the tools; while it
 * asks for tool calls instead of answering, each call is run and its result (or error)
 * appended to the chat, and the model is asked again.
 * <p>
 * Everything is recorded as it happens, so a task delivered again (a crash, a lost lock)
 * replays what is recorded instead of doing it again: the model call {@code n} of the
 * task is keyed {@code <task key>/step-n} (the first: the task key itself), the tool
 * calls it asked for by task key, {@code n} and position. A tool call whose outcome is
 * recorded is never run again; one that ran but whose outcome was lost in a crash runs
 * again (at least once).
 * <p>
 * A call that needs a person's approval ({@link ToolApprovalGate}) is handed out like an
 * external call and runs when the task is asked again after the decision, with exactly
 * the arguments approved.
 * <p>
 * In a replay, a call asked for by a recorded answer takes the recorded outcome and
 * decision instead ({@link ReplayTools}): no tool runs and nobody is asked.
 * <p>
 * The tool calls of one reply run together, at most
 * {@code bpmn-agents.tools.max-concurrent} at a time ({@link ToolCallRunner}).
 * <p>
 * At most {@code bpmn-agents.tools.max-calls} tool calls run per task: requests beyond
 * get an error result saying so, and the model is asked once more without tools, so it
 * answers with what it has.
 */
@Component
class ToolLoop {

	private final ToolRegistry tools;

	private final ToolCallStore toolCalls;

	private final TranscriptStore transcript;

	private final ToolProperties properties;

	private final String worker;

	private final AgentTracing tracing;

	private final ToolApprovalGate approvals;

	private final ToolCallRunner runner;

	private final StallProperties stall;

	private final ReplayAnswers replays;

	private final ReplayTools replayTools;

	ToolLoop(ToolRegistry tools, ToolCallStore toolCalls, TranscriptStore transcript, ToolProperties properties,
			WorkerIdentity worker, AgentTracing tracing, ToolApprovalGate approvals, ToolCallRunner runner,
			StallProperties stall, ReplayAnswers replays, ReplayTools replayTools) {
		this.stall = stall;
		this.replays = replays;
		this.replayTools = replayTools;
		this.tracing = tracing;
		this.approvals = approvals;
		this.runner = runner;
		this.tools = tools;
		this.toolCalls = toolCalls;
		this.transcript = transcript;
		this.properties = properties;
		this.worker = worker.id();
	}

	/** A model call's reply and the id under which the transcript holds it. */
	record Recorded(String callId, ModelReply reply) {
	}

	/** One recorded model call (see {@code AgentService}). */
	@FunctionalInterface
	interface ModelCall {

		Recorded call(AgentRequest request, AgentDefinition agent, String callKey, List<ChatTurn> messages, int attempt,
				List<ToolSpecification> tools);

	}

	/** The tools offered to an agent in a request: its own, then the task's. */
	static List<String> offered(AgentDefinition agent, AgentRequest request) {
		Set<String> names = new LinkedHashSet<>(agent.tools());
		names.addAll(request.tools());
		return List.copyOf(names);
	}

	/**
	 * Runs the loop until the model answers, or asks for tools the caller runs itself.
	 * @param messages the chat so far (system prompt, memory, messages, prompt), asked
	 * for once the loop needs it, as building it delivers the agent's messages
	 * @return the model's final answer, or the external tool calls to make first
	 */
	AgentOutcome run(AgentRequest request, AgentDefinition agent, List<String> offers, ExternalTools external,
			Supplier<List<ChatTurn>> messages, ModelCall model) {
		// MCP offers (mcp:<server>) become the server's tools as listed now.
		List<String> offered = this.tools.expand(offers);
		List<ToolSpecification> specifications = new ArrayList<>(this.tools.specifications(offered));
		specifications.addAll(external.specifications());
		int maxCalls = this.properties.maxCalls();
		int used = 0;
		List<ChatTurn> chat = null;
		// Each step either answers or runs at least one tool call (or refuses it once the
		// limit is reached, after which no tools are offered): this bound is never hit
		// by a model that follows the protocol.
		int maxSteps = maxCalls + 2;
		// A loop that repeats a call or spends tokens without end is raised to a person.
		ToolLoopWatch watch = ToolLoopWatch.of(this.stall, agent.name());
		// A replay answers tool calls from the recording (remembered per run: no query
		// for a run that is no replay).
		Optional<ReplayMode> replay = this.replays.modeOf(request.runId());
		for (int step = 0; step < maxSteps; step++) {
			String key = stepKey(request.externalTaskId(), step);
			TranscriptStore.EarlierCalls earlier = this.transcript.earlierCalls(request.runId(), key);
			if (earlier.answer().isPresent()) {
				return new AgentOutcome.Answered(earlier.answer().get());
			}
			boolean offer = used < maxCalls;
			if (chat == null) {
				chat = new ArrayList<>(messages.get());
			}
			Optional<List<ToolCallEntry>> asked = this.toolCalls.forStep(request.runId(), request.externalTaskId(),
					step);
			if (asked.isEmpty()) {
				Recorded recorded = model.call(request, agent, key, List.copyOf(chat), earlier.attempts() + 1,
						offer ? specifications : List.of());
				ModelReply reply = recorded.reply();
				if (!reply.wantsTools()) {
					return new AgentOutcome.Answered(reply.text());
				}
				watch.spent(reply.promptTokens(), reply.completionTokens());
				asked = Optional.of(this.toolCalls.requested(request.runId(), recorded.callId(),
						request.externalTaskId(), step, reply.toolRequests()));
			}
			List<ToolCallEntry> calls = asked.orElseThrow();
			calls.forEach((call) -> watch.requested(call.tool(), call.arguments()));
			chat.add(ChatTurn.toolRequests(null,
					calls.stream()
						.map((call) -> new ChatTurn.ToolRequest(call.requestId(), call.tool(), call.arguments()))
						.toList()));
			List<AgentOutcome.ToolCall> pending = new ArrayList<>();
			String[] outcomes = new String[calls.size()];
			List<Runnable> runs = new ArrayList<>();
			for (int i = 0; i < calls.size(); i++) {
				ToolCallEntry call = calls.get(i);
				boolean withinLimit = used++ < maxCalls;
				String arguments = call.arguments();
				if (!call.done() && replay.isPresent()
						&& this.replayTools.answered(replay.get(), request.runId(), call, this.worker)) {
					outcomes[i] = recorded(request, call);
					continue;
				}
				// A call that needs a person's approval waits for it, then runs with
				// the arguments approved, or the model reads the rejection.
				ToolApprovalGate.Gate gate = (!call.done() && withinLimit) ? this.approvals.check(agent, call, external)
						: null;
				if (gate instanceof ToolApprovalGate.Wait) {
					pending.add(new AgentOutcome.ToolCall(call.id(), call.tool(), call.arguments(), true));
					continue;
				}
				if (gate instanceof ToolApprovalGate.Decided decided) {
					if (decided.result() != null) {
						this.toolCalls.finishedElsewhere(call.id(), decided.result(), Instant.now(), this.worker);
					}
					else {
						this.toolCalls.finished(call.id(), null, decided.error(), Instant.now(), Instant.now(), 0,
								this.worker);
					}
					outcomes[i] = recorded(request, call);
					continue;
				}
				if (gate instanceof ToolApprovalGate.Approved approved) {
					arguments = approved.arguments();
				}
				if (!call.done() && withinLimit && external.offers(call.tool())) {
					String result = external.results().get(call.id());
					Optional<String> refused = (result == null) ? external.refusal().apply(call.tool(), arguments)
							: Optional.empty();
					if (refused.isPresent()) {
						this.toolCalls.finished(call.id(), null, refused.get(), Instant.now(), Instant.now(), 0,
								this.worker);
						outcomes[i] = recorded(request, call);
						continue;
					}
					if (result == null) {
						this.toolCalls.handedOut(call.id(), Instant.now());
						pending.add(new AgentOutcome.ToolCall(call.id(), call.tool(), arguments));
						continue;
					}
					this.toolCalls.finishedElsewhere(call.id(), result, Instant.now(), this.worker);
				}
				if (call.done()) {
					outcomes[i] = call.outcome();
				}
				else if (external.results().containsKey(call.id())) {
					outcomes[i] = recorded(request, call);
				}
				else {
					int at = i;
					String approved = arguments;
					runs.add(() -> outcomes[at] = run(request, key, call, approved, offered, withinLimit));
				}
			}
			// The calls this app runs, together within the bound; their results go to
			// the chat in the order the model asked for them.
			this.runner.runAll(runs);
			for (int i = 0; i < calls.size(); i++) {
				if (outcomes[i] != null) {
					chat.add(ChatTurn.toolResult(calls.get(i).requestId(), calls.get(i).tool(), outcomes[i]));
				}
			}
			if (!pending.isEmpty()) {
				// The caller runs these (the engine, as called processes) and asks again.
				return new AgentOutcome.ToolsRequested(pending);
			}
		}
		throw new ToolLoopException("Agent '" + agent.name() + "' kept asking for tools after " + maxCalls
				+ " tool calls (bpmn-agents.tools.max-calls) and a request to answer without them. "
				+ "Raise the limit, or check that the model answers when no tools are offered, then retry.");
	}

	/**
	 * Runs one requested tool call and records its outcome; returns what the model reads.
	 */
	private String run(AgentRequest request, String stepKey, ToolCallEntry call, String arguments, List<String> offered,
			boolean withinLimit) {
		Instant started = Instant.now();
		long t0 = System.nanoTime();
		ToolRegistry.Outcome outcome;
		if (!withinLimit) {
			outcome = new ToolRegistry.Outcome(null, "Tool call limit reached: this task may make at most "
					+ this.properties.maxCalls() + " tool calls. Answer now with what you have.");
		}
		else if (!offered.contains(call.tool())) {
			outcome = new ToolRegistry.Outcome(null, "There is no tool named '" + call.tool() + "' among your tools: "
					+ String.join(", ", offered) + ".");
		}
		else {
			ToolContext context = new ToolContext(request.runId(), request.processInstanceId(), request.processKey(),
					request.activityId(), stepKey + "/tool-" + call.position(), request.agent());
			// A span per tool call, a child of the run's trace like the model calls'
			// spans.
			AgentTracing.ToolCallSpan span = this.tracing.toolCall(new AgentTracing.CallSite(request.runId(),
					request.processInstanceId(), request.processKey(), request.activityId(), request.agent()),
					call.tool(), call.requestId());
			try {
				outcome = this.tools.execute(call.tool(), arguments, context);
			}
			catch (RuntimeException abort) {
				// The agent's call cannot go on (ToolCallAbort): the tool call stays
				// unfinished, so a delivery that goes on makes it again.
				span.failed(abort);
				throw abort;
			}
			if (outcome.error() != null) {
				span.failed(new ToolFailure(outcome.error()));
			}
			else {
				span.succeeded();
			}
		}
		long latency = Duration.ofNanos(System.nanoTime() - t0).toMillis();
		if (!this.toolCalls.finished(call.id(), outcome.result(), outcome.error(), started, Instant.now(), latency,
				this.worker)) {
			// Another delivery of the task recorded an outcome first: use that one.
			return this.toolCalls.forStep(request.runId(), request.externalTaskId(), call.step())
				.orElseThrow()
				.get(call.position())
				.outcome();
		}
		return (outcome.result() != null) ? outcome.result() : "Error: " + outcome.error();
	}

	/** The outcome recorded for a call (by this delivery or an earlier one). */
	private String recorded(AgentRequest request, ToolCallEntry call) {
		return this.toolCalls.forStep(request.runId(), request.externalTaskId(), call.step())
			.orElseThrow()
			.get(call.position())
			.outcome();
	}

	static String stepKey(String taskKey, int step) {
		return (step == 0) ? taskKey : taskKey + "/step-" + step;
	}

	/** A tool's error result, as its span records it. */
	private static final class ToolFailure extends RuntimeException {

		ToolFailure(String message) {
			super(message, null, false, false);
		}

	}

}
