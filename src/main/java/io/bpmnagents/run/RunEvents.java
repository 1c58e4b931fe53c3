package io.bpmnagents.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import io.bpmnagents.transcript.TranscriptWatchers;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
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
 * <p>
 * A stream looks at its run when this node records a call of the run starting or ending,
 * or ends the run ({@link TranscriptWatchers}, after the commit), and otherwise every
 * {@code bpmn-agents.events.poll} for what other nodes of a cluster recorded: pushed
 * within milliseconds from this node, at most that late from another. Looks of one stream
 * never overlap, and a wake during a look is followed by one more look, so no change is
 * missed; the sets of calls sent make each event go out once.
 * <p>
 * Each look at a run is cheap and done as the person following it: whether they may still
 * see the run (with their groups as they are now, so a withdrawn grant or membership ends
 * the stream), whether it ended, and the ids of its calls; only calls that are new or
 * newly ended are read whole. The looks are shared out over a small pool of threads
 * ({@code bpmn-agents.events.threads}); no thread waits for one stream.
 */
@Component
class RunEvents implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RunEvents.class);

	/** The most calls read whole in one query. */
	private static final int READ_AT_ONCE = 200;

	private final RunService runs;

	private final RunAccess access;

	private final TranscriptStore transcript;

	private final EventStreamProperties properties;

	private final EventStreamLimits limits;

	private final IdentityService identity;

	private final TranscriptWatchers watchers;

	private final ScheduledExecutorService scheduler;

	RunEvents(RunService runs, RunAccess access, TranscriptStore transcript, EventStreamProperties properties,
			IdentityService identity, TranscriptWatchers watchers) {
		this.watchers = watchers;
		this.runs = runs;
		this.access = access;
		this.transcript = transcript;
		this.properties = properties;
		this.limits = new EventStreamLimits(properties.maxPerUser());
		this.identity = identity;
		AtomicLong threads = new AtomicLong();
		this.scheduler = Executors.newScheduledThreadPool(properties.threads(), (runnable) -> {
			Thread thread = new Thread(runnable, "run-events-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Streams the run's events. An idle stream sends a comment every
	 * {@code bpmn-agents.events.heartbeat}, so a client that went away is noticed and its
	 * stream, and its place in the person's allowance, released. A person who may no
	 * longer see the run is sent nothing more: the stream ends.
	 */
	SseEmitter stream(String runId) {
		this.access.read(runId, (run) -> run);
		Authentication person = this.identity.getCurrentAuthentication();
		String user = (person != null) ? person.getUserId() : null;
		Runnable release = this.limits.open((user != null) ? user : "");
		SseEmitter emitter = new SseEmitter(this.properties.longest().toMillis());
		Set<String> started = new HashSet<>();
		Set<String> ended = new HashSet<>();
		AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
		AtomicReference<Runnable> unwatch = new AtomicReference<>();
		AtomicLong lastSent = new AtomicLong(System.nanoTime());
		Runnable cancel = () -> {
			ScheduledFuture<?> scheduled = task.get();
			if (scheduled != null) {
				scheduled.cancel(false);
			}
			Runnable watching = unwatch.getAndSet(null);
			if (watching != null) {
				watching.run();
			}
			release.run();
		};
		Runnable check = () -> {
			try {
				this.access.asPerson(user, () -> {
					look(emitter, runId, started, ended, lastSent, cancel);
					return null;
				});
			}
			catch (RunNotFoundException ex) {
				// The person may no longer see the run.
				emitter.complete();
				cancel.run();
			}
			catch (UncheckedIOException | IllegalStateException ex) {
				// The client went away.
				cancel.run();
			}
			catch (RuntimeException ex) {
				log.warn("Events of run {} stopped", runId, ex);
				emitter.completeWithError(ex);
				cancel.run();
			}
		};
		Runnable wake = new Looks(check, this.scheduler)::wake;
		unwatch.set(this.watchers.watch(runId, wake));
		// The first look at once; then woken by this node's writes, or by the poll.
		long poll = this.properties.poll().toMillis();
		task.set(this.scheduler.scheduleWithFixedDelay(wake, 0, poll, java.util.concurrent.TimeUnit.MILLISECONDS));
		emitter.onCompletion(cancel);
		emitter.onTimeout(cancel);
		emitter.onError((ex) -> cancel.run());
		return emitter;
	}

	/** One look at the run, as the person following it. */
	private void look(SseEmitter emitter, String runId, Set<String> started, Set<String> ended, AtomicLong lastSent,
			Runnable cancel) {
		try {
			HistoricProcessInstance run = this.access.read(runId, (found) -> found);
			int sentBefore = started.size() + ended.size();
			sendCalls(emitter, runId, started, ended);
			if (!RunView.Status.RUNNING.equals(this.runs.status(run))) {
				// A call may have ended between the transcript's read and the run's.
				sendCalls(emitter, runId, started, ended);
				emitter.send(SseEmitter.event().name("run-ended").data(this.runs.view(runId)));
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
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends the calls that started or ended since the last look, reading only those. */
	private void sendCalls(SseEmitter emitter, String runId, Set<String> started, Set<String> ended)
			throws IOException {
		List<String> changed = new ArrayList<>();
		this.transcript.callStates(runId).forEach((id, done) -> {
			if (!started.contains(id) || (done && !ended.contains(id))) {
				changed.add(id);
			}
		});
		for (int from = 0; from < changed.size(); from += READ_AT_ONCE) {
			List<String> ids = changed.subList(from, Math.min(changed.size(), from + READ_AT_ONCE));
			for (TranscriptEntry call : this.transcript.calls(runId, ids)) {
				if (started.add(call.id())) {
					emitter.send(SseEmitter.event().name("call-started").id(call.id() + ":start").data(summary(call)));
				}
				if (call.endedAt() != null && ended.add(call.id())) {
					emitter.send(SseEmitter.event().name("call-ended").id(call.id() + ":end").data(call));
				}
			}
		}
	}

	private static Map<String, Object> summary(TranscriptEntry call) {
		return Map.of("id", call.id(), "agent", call.agent(), "activityId", call.activityId(), "attempt",
				call.attempt(), "startedAt", call.startedAt().toString(), "worker", call.worker());
	}

	/**
	 * The looks of one stream: at most one at a time, and one more after a wake that came
	 * during a look, so that what woke it is seen.
	 */
	@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
	private static final class Looks {

		private final AtomicInteger wakes = new AtomicInteger();

		private final Runnable look;

		private final Executor executor;

		void wake() {
			if (this.wakes.getAndIncrement() == 0) {
				try {
					this.executor.execute(this::drain);
				}
				catch (RejectedExecutionException ex) {
					// Shutting down.
					this.wakes.set(0);
				}
			}
		}

		private void drain() {
			int seen;
			do {
				seen = this.wakes.get();
				this.look.run();
			}
			while (this.wakes.addAndGet(-seen) != 0);
		}

	}

	int openBy(String user) {
		return this.limits.openBy(user);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
