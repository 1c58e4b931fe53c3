package io.bpmnagents.agent;

import java.time.Instant;

import io.bpmnagents.guardrail.Guardrails;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.transcript.TranscriptStore;

import org.springframework.stereotype.Component;

/**
 * The input guardrails' link: the agent's and the task's guardrails check the prompt
 * before it is recorded or sent, so a redacted prompt is all the model and the transcript
 * see. A refused prompt never reaches the model; unlike other refused calls it is in the
 * transcript, as a failed call with the guardrails' decisions, because every guardrail
 * decision is. A call without guardrails passes untouched, without a query.
 */
@Component
class InputGuardrailLink implements CallLink.Input {

	private final Guardrails guardrails;

	private final TranscriptStore transcript;

	private final String worker;

	InputGuardrailLink(Guardrails guardrails, TranscriptStore transcript, WorkerIdentity worker) {
		this.guardrails = guardrails;
		this.transcript = transcript;
		this.worker = worker.id();
	}

	@Override
	public ModelReply call(ModelCall call, Next next) {
		Guarded guarded = Guarded.of(this.guardrails, call.agent(), call.request(), call.callKey());
		if (guarded.isEmpty()) {
			return next.proceed(call);
		}
		call.guarded(guarded);
		String prompt = guarded.input(call.prompt());
		if (guarded.refusedInput() != null) {
			AgentRequest request = call.request();
			String callId = this.transcript.started(new TranscriptStore.CallStart(request.runId(),
					request.processInstanceId(), request.activityId(), call.callKey(), call.agent().name(),
					call.model(), call.prompt(), call.messages(), Instant.now(), call.attempt(), this.worker));
			this.transcript.guarded(callId, guarded.decisions());
			this.transcript.failed(callId, guarded.refusedInput().getMessage(), Instant.now(), 0);
			throw guarded.refusedInput();
		}
		if (!prompt.equals(call.prompt())) {
			call.prompt(prompt);
		}
		return next.proceed(call);
	}

}
