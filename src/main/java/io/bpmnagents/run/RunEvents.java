package io.bpmnagents.run;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.bpmnagents.transcript.TranscriptEntry;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
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

	private final RunService runs;

	private final EventStreamProperties properties;

	private final EventStreamLimits limits;

	private final IdentityService identity;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "run-events");
		thread.setDaemon(true);
		return thread;
	});

	RunEvents(RunService runs, EventStreamProperties properties, IdentityService identity) {
		this.runs = runs;
		this.properties = properties;
		this.limits = new EventStreamLimits(properties.maxPerUser());
		this.identity = identity;
	}

	/**
	 * Streams the run's events. No thread waits for a stream: one scheduler thread checks
	 * every open stream in turn. An idle stream sends a comment every
	 * {@code bpmn-agents.events.heartbeat}, so a client that went away is noticed and its
	 * stream, and its place in the person's allowance, released.
	 */
	SseEmitter stream(String runId) {
		this.runs.view(runId);
		Authentication person = this.identity.getCurrentAuthentication();
		Runnable release = this.limits.open((person != null) ? person.getUserId() : "");
		SseEmitter emitter = new SseEmitter(this.properties.longest().toMillis());
		Set<String> started = new HashSet<>();
		Set<String> ended = new HashSet<>();
		AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
		AtomicLong lastSent = new AtomicLong(System.nanoTime());
		Runnable cancel = () -> {
			ScheduledFuture<?> scheduled = task.get();
			if (scheduled != null) {
				scheduled.cancel(false);
			}
			release.run();
		};
		Runnable check = () -> {
			try {
				int sentBefore = started.size() + ended.size();
				sendCalls(emitter, runId, started, ended);
				RunView run = this.runs.view(runId);
				if (run.status() != RunView.Status.RUNNING) {
					// A call may have ended between the transcript's read and the run's.
					sendCalls(emitter, runId, started, ended);
					emitter.send(SseEmitter.event().name("run-ended").data(run));
					emitter.complete();
					cancel.run();
					return;
				}
				if (started.size() + ended.size() > sentBefore) {
					lastSent.set(System.nanoTime());
				}
				else if (System.nanoTime() - lastSent.get() >= this.properties.heartbeat().toNanos()) {
					emitter.send(SseEmitter.event().comment("keep-alive"));
					lastSent.set(System.nanoTime());
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away.
				cancel.run();
			}
			catch (RuntimeException ex) {
				log.warn("Events of run {} stopped", runId, ex);
				emitter.completeWithError(ex);
				cancel.run();
			}
		};
		task.set(this.scheduler.scheduleWithFixedDelay(check, 0, CHECK_EVERY.toMillis(),
				java.util.concurrent.TimeUnit.MILLISECONDS));
		emitter.onCompletion(cancel);
		emitter.onTimeout(cancel);
		emitter.onError((ex) -> cancel.run());
		return emitter;
	}

	private void sendCalls(SseEmitter emitter, String runId, Set<String> started, Set<String> ended)
			throws IOException {
		for (TranscriptEntry call : this.runs.transcript(runId)) {
			if (started.add(call.id())) {
				emitter.send(SseEmitter.event().name("call-started").id(call.id() + ":start").data(summary(call)));
			}
			if (call.endedAt() != null && ended.add(call.id())) {
				emitter.send(SseEmitter.event().name("call-ended").id(call.id() + ":end").data(call));
			}
		}
	}

	private static Map<String, Object> summary(TranscriptEntry call) {
		return Map.of("id", call.id(), "agent", call.agent(), "activityId", call.activityId(), "attempt",
				call.attempt(), "startedAt", call.startedAt().toString(), "worker", call.worker());
	}

	int openBy(String user) {
		return this.limits.openBy(user);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
