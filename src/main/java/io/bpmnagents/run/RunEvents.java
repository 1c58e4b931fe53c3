package io.bpmnagents.run;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.bpmnagents.transcript.TranscriptEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of a run: {@code call-started} and {@code call-ended} for each model
 * call and {@code run-ended} at the end. Events are read from the transcript and the
 * engine's history rather than from this node's memory, so a client sees every call
 * whichever node of a cluster made it.
 */
@Component
class RunEvents implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RunEvents.class);

	private static final Duration CHECK_EVERY = Duration.ofMillis(250);

	private static final Duration LONGEST_STREAM = Duration.ofHours(1);

	private final RunService runs;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "run-events");
		thread.setDaemon(true);
		return thread;
	});

	RunEvents(RunService runs) {
		this.runs = runs;
	}

	SseEmitter stream(String runId) {
		this.runs.view(runId);
		SseEmitter emitter = new SseEmitter(LONGEST_STREAM.toMillis());
		Set<String> started = new HashSet<>();
		Set<String> ended = new HashSet<>();
		AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
		Runnable check = () -> {
			try {
				for (TranscriptEntry call : this.runs.transcript(runId)) {
					if (started.add(call.id())) {
						emitter
							.send(SseEmitter.event().name("call-started").id(call.id() + ":start").data(summary(call)));
					}
					if (call.endedAt() != null && ended.add(call.id())) {
						emitter.send(SseEmitter.event().name("call-ended").id(call.id() + ":end").data(call));
					}
				}
				RunView run = this.runs.view(runId);
				if (run.status() != RunView.Status.RUNNING) {
					emitter.send(SseEmitter.event().name("run-ended").data(run));
					emitter.complete();
					task.get().cancel(false);
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away.
				task.get().cancel(false);
			}
			catch (RuntimeException ex) {
				log.warn("Events of run {} stopped", runId, ex);
				emitter.completeWithError(ex);
				task.get().cancel(false);
			}
		};
		task.set(this.scheduler.scheduleWithFixedDelay(check, 0, CHECK_EVERY.toMillis(),
				java.util.concurrent.TimeUnit.MILLISECONDS));
		Runnable cancel = () -> task.get().cancel(false);
		emitter.onCompletion(cancel);
		emitter.onTimeout(cancel);
		emitter.onError((ex) -> cancel.run());
		return emitter;
	}

	private static Map<String, Object> summary(TranscriptEntry call) {
		return Map.of("id", call.id(), "agent", call.agent(), "activityId", call.activityId(), "attempt",
				call.attempt(), "startedAt", call.startedAt().toString(), "worker", call.worker());
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
