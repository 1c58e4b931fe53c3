package io.bpmnagents.agent;

import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * The output guardrails' link: an answer is checked before it is recorded, so the
 * transcript and a task delivered again hold only what the guardrails let through
 * (perhaps rewritten). A refusal or a request to answer again is thrown, and the
 * recording link records the call as failed with it. The decisions of both sides are
 * written with the call. A reply that asks for tools is not an answer: only the prompt's
 * decisions are written.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class OutputGuardrailLink implements CallLink.Output {

	private final TranscriptStore transcript;

	@Override
	public ModelReply call(ModelCall call, Next next) {
		ModelReply reply = next.proceed(call);
		Guarded guarded = call.guarded();
		if (guarded == null) {
			return reply;
		}
		if (reply.wantsTools()) {
			this.transcript.guarded(call.callId(), guarded.decisions());
			return reply;
		}
		String answer = guarded.output(reply.text());
		this.transcript.guarded(call.callId(), guarded.decisions());
		if (guarded.refusedOutput() != null) {
			throw guarded.refusedOutput();
		}
		return (answer.equals(reply.text())) ? reply : new ModelReply(answer, reply.model(), reply.promptTokens(),
				reply.completionTokens(), reply.toolRequests(), reply.finishReason());
	}

}
