package io.bpmnagents.agent;

import java.time.Duration;
import java.time.Instant;

import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.transcript.TranscriptStore;

import org.springframework.stereotype.Component;

/**
 * The link that records a call in the transcript whatever its outcome: started before the
 * answerer is asked, ended with the answer only while the task's lock is held (so a task
 * delivered again finds the answer and never pays for it twice), else with the failure. A
 * reply that asks for tools is recorded without a response; the tool loop records its
 * requests.
 */
@Component
class CallRecording implements CallLink {

	private final TranscriptStore transcript;

	private final String worker;

	CallRecording(TranscriptStore transcript, WorkerIdentity worker) {
		this.transcript = transcript;
		this.worker = worker.id();
	}

	@Override
	public ModelReply call(ModelCall call, Next next) {
		AgentRequest request = call.request();
		call.callId(this.transcript.started(new TranscriptStore.CallStart(request.runId(), request.processInstanceId(),
				request.activityId(), call.callKey(), call.agent().name(), call.model(), call.prompt(), call.messages(),
				Instant.now(), call.attempt(), this.worker)
			.withSpan(call.traceId(), call.spanId())));
		long t0 = System.nanoTime();
		ModelReply reply;
		try {
			reply = next.proceed(call);
		}
		catch (RuntimeException ex) {
			this.transcript.failed(call.callId(), ex.getMessage(), Instant.now(), since(t0));
			throw ex;
		}
		boolean recorded;
		try {
			recorded = this.transcript.succeeded(call.callId(), call.lockKey(), this.worker, reply.model(),
					reply.wantsTools() ? null : reply.text(), Instant.now(), since(t0), reply.promptTokens(),
					reply.completionTokens());
		}
		catch (RuntimeException ex) {
			// The database failing around the answer: the attempt ends recorded as
			// failed.
			call.notRecorded();
			this.transcript.failed(call.callId(), ex.getMessage(), Instant.now(), since(t0));
			throw ex;
		}
		if (!recorded) {
			call.notRecorded();
			throw new LockLostException(call.callKey());
		}
		return reply;
	}

	private static long since(long t0) {
		return Duration.ofNanos(System.nanoTime() - t0).toMillis();
	}

}
