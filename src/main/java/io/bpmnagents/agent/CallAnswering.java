package io.bpmnagents.agent;

import java.util.List;
import java.util.Optional;

import io.bpmnagents.a2a.RemoteAgents;
import io.bpmnagents.llm.ModelCallException;
import io.bpmnagents.llm.ModelClient;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.replay.ReplayAnswers;
import io.bpmnagents.replay.ReplayMismatchException;
import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.ToolCallStore;
import io.bpmnagents.transcript.TranscriptEntry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * The chain's last link, the answerer: the model, a remote A2A agent
 * ({@link RemoteAgents}, for an agent with {@code a2a}), or in a replay the original
 * run's recording ({@link ReplayAnswers}): its answer, or the tool calls it asked for. A
 * prompt the recording does not have fails the call, unless the replay goes live: the
 * model (or the remote agent) answers from there on.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CallAnswering implements CallLink {

	private final ModelClient model;

	private final ReplayAnswers replays;

	private final ToolCallStore toolCalls;

	private final RemoteAgents remote;

	@Override
	public ModelReply call(ModelCall call, Next next) {
		ModelReply reply = (call.replayOf() != null) ? replay(call).orElseGet(() -> {
			// A replay that went live calls the model: reserved like any run's call.
			call.goingLive();
			return live(call);
		}) : live(call);
		call.answered(reply);
		return reply;
	}

	private ModelReply ask(ModelCall call) {
		AgentRequest request = call.request();
		ModelReply reply = this.model.chat(call.agent(), call.messages(), request.jsonAnswer(), request.answerSchema(),
				call.tools());
		if (call.tools().isEmpty() && reply.text() == null) {
			// Asked for tools it was not offered: no answer, a failed attempt.
			throw new ModelCallException("The model asked agent '" + call.agent().name()
					+ "' for tool calls, but no tools were offered: it gave no answer", null);
		}
		if (call.tools().isEmpty() && reply.wantsTools()) {
			// Without tools offered, a text that came along with tool requests is the
			// answer.
			return new ModelReply(reply.text(), reply.model(), reply.promptTokens(), reply.completionTokens(),
					List.of(), reply.finishReason());
		}
		return reply;
	}

	/**
	 * A remote agent's turn: it uses its own tools, so the tools offered to the task are
	 * not passed on and its reply is the answer.
	 */
	private ModelReply askRemote(ModelCall call) {
		return this.remote.ask(call.agent().name(), call.agent().a2a(), call.request().runId(), call.callId(),
				call.messages());
	}

	/** The live answerer: the agent's model, or the remote agent it is. */
	private ModelReply live(ModelCall call) {
		return call.agent().remote() ? askRemote(call) : ask(call);
	}

	/**
	 * The recorded answer of a replay's call: a text, or the tool calls the recorded call
	 * asked for (their recorded outcomes answer them, see {@code ToolLoop}); empty when
	 * the replay goes live and the model answers.
	 */
	private Optional<ModelReply> replay(ModelCall call) {
		AgentRequest request = call.request();
		String callId = call.callId();
		try {
			Optional<TranscriptEntry> answer = this.replays.answer(request.runId(), callId, new ReplayAnswers.Asked(
					request.activityId(), call.agent().name(), systemPrompt(call), call.prompt()));
			if (answer.isEmpty()) {
				return Optional.empty();
			}
			TranscriptEntry recorded = answer.get();
			List<ChatTurn.ToolRequest> asked = (recorded.response() != null) ? List.of()
					: this.toolCalls.askedBy(recorded.id())
						.stream()
						.map((tool) -> new ChatTurn.ToolRequest(tool.requestId(), tool.tool(), tool.arguments()))
						.toList();
			if (recorded.response() == null && (asked.isEmpty() || call.tools().isEmpty())) {
				this.replays.release(callId);
				throw new ReplayMismatchException("Replay of run " + call.replayOf() + ": agent '" + call.agent().name()
						+ "' at activity '" + request.activityId() + "' was recorded asking for tools, "
						+ (asked.isEmpty() ? "but no tool call of it is recorded" : "but is offered none now"));
			}
			// An answer not recorded after all gives the recording back, so the retried
			// call can take it.
			call.onNotRecorded(() -> this.replays.release(callId));
			return Optional.of(new ModelReply(recorded.response(), recorded.model(), recorded.promptTokens(),
					recorded.completionTokens(), asked, null));
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof ReplayMismatchException)) {
				this.replays.release(callId);
			}
			throw ex;
		}
	}

	private static String systemPrompt(ModelCall call) {
		return call.messages()
			.stream()
			.filter((turn) -> "system".equals(turn.role()))
			.map(ChatTurn::content)
			.findFirst()
			.orElse(null);
	}

}
