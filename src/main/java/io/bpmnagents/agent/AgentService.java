package io.bpmnagents.agent;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.bpmnagents.a2a.RemoteAgents;
import io.bpmnagents.llm.ModelClient;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.message.MessageStore;
import io.bpmnagents.replay.ReplayAnswers;
import io.bpmnagents.replay.ReplayRequest;
import io.bpmnagents.tracing.AgentTracing;
import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Service;

/**
 * Asks an agent: builds its chat from its system prompt, its memory in the run and the
 * new prompt, and makes the call through {@link ModelCallChain}, whose links check the
 * budget, observe, record and answer it. An agent offered tools answers through the
 * tool-call loop ({@link ToolLoop}).
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AgentService {

	private final AgentRegistry registry;

	private final ModelClient model;

	private final TranscriptStore transcript;

	private final AgentProperties properties;

	private final ToolLoop toolLoop;

	private final ReplayAnswers replays;

	private final MessageStore messages;

	private final ModelCallChain chain;

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
		AgentDefinition agent = agent(request);
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
	 * Asks an agent outside any process: a person's direct question. The chat is the
	 * agent's system prompt, {@code request.history()} (the question's context) and the
	 * prompt, without memory or messages; only {@code tools} are offered. The calls are
	 * recorded under the request's run id and keys no engine task holds, so recording
	 * them needs no lock; the chain's links (quotas, guardrails, observation) apply as to
	 * any call.
	 * @return the answer, or the tool calls that wait for a person's approval
	 */
	public AgentOutcome askDirectly(AgentRequest request, List<String> tools) {
		AgentDefinition agent = this.registry.require(request.agent());
		List<ChatTurn> chat = new ArrayList<>();
		chat.add(ChatTurn.system(agent.systemPrompt()));
		chat.addAll((request.history() != null) ? request.history() : List.of());
		chat.add(ChatTurn.user(request.prompt()));
		if (tools.isEmpty()) {
			return new AgentOutcome.Answered(
					call(request, agent, request.externalTaskId(), null, chat, 1, List.of()).reply().text());
		}
		return this.toolLoop.run(request, agent, tools, ExternalTools.NONE, () -> chat, (r, a, key, messages, attempt,
				specifications) -> call(r, a, key, null, messages, attempt, specifications));
	}

	/**
	 * Asks without offering any tool, not even the agent's own: for an agent asked by
	 * another agent's tool call ({@code ask_agent}), so questions cannot nest without
	 * end.
	 */
	public String askWithoutTools(AgentRequest request) {
		return askWithoutTools(request, agent(request));
	}

	/**
	 * The agent asked, as a replay's overrides change it for that run only (model, system
	 * prompt); the run's replay mode is remembered, so a run that is no replay costs no
	 * query here.
	 */
	private AgentDefinition agent(AgentRequest request) {
		AgentDefinition agent = this.registry.require(request.agent());
		ReplayRequest.AgentOverride override = this.replays.modeOf(request.runId())
			.map((mode) -> mode.override(agent.name()))
			.orElse(null);
		if (override == null) {
			return agent;
		}
		return new AgentDefinition(agent.name(), agent.role(),
				(override.systemPrompt() != null) ? override.systemPrompt() : agent.systemPrompt(),
				(override.model() != null) ? override.model() : agent.model(), agent.temperature(), agent.maxTokens(),
				agent.tools(), agent.approveTools(), agent.guardrails());
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
	 * One model call, through the links of {@link ModelCallChain} (budget, checks,
	 * observation, transcript, answerer). A reply that asks for tools is recorded without
	 * a response; the caller records its requests.
	 * @param callKey names the call within its task: what is recorded under it is reused
	 * when the task is delivered again
	 * @param lockKey the external task whose lock the answer needs ({@code <task id>/…})
	 */
	private ToolLoop.Recorded call(AgentRequest request, AgentDefinition agent, String callKey, String lockKey,
			List<ChatTurn> messages, int attempt, List<ToolSpecification> tools) {
		ModelCall call = new ModelCall(request, agent, callKey, lockKey, messages, attempt, tools,
				agent.remote() ? RemoteAgents.model(agent.a2a()) : this.model.modelFor(agent),
				this.replays.originalOf(request.runId()).orElse(null));
		ModelReply reply = this.chain.call(call);
		return new ToolLoop.Recorded(call.callId(), reply);
	}

	/** Where a call is made, for its span and for the spans of the tools it calls. */
	static AgentTracing.CallSite site(AgentRequest request, AgentDefinition agent) {
		return new AgentTracing.CallSite(request.runId(), request.processInstanceId(), request.processKey(),
				request.activityId(), agent.name());
	}

}
