package io.bpmnagents.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One person's stream of a run's events: sends what its {@link RunFeed} has that it has
 * not sent yet, in the feed's order, on the events' threads. A send waits on its thread
 * while the client takes nothing in, and the threads are shared by all streams, so a
 * client that stops reading can delay other streams' sends until its write fails; it
 * never holds up a step's commit. Reads nothing of the run itself; only after the feed's
 * poll, or a change on this node that may withdraw access ({@link AccessChanges}), does
 * it check again, as its person, that they may still see the run, before it sends
 * anything more, and ends when they may not (a withdrawn grant or membership).
 */
final class RunFollower {

	private static final Logger log = LoggerFactory.getLogger(RunFollower.class);

	private final SseEmitter emitter;

	private final RunFeed feed;

	/** Throws {@link RunNotFoundException} once the person may no longer see the run. */
	private final Runnable mayStillSee;

	private final long heartbeat;

	private final Runnable leave;

	private final AtomicBoolean checkAgain = new AtomicBoolean();

	private final AtomicBoolean left = new AtomicBoolean();

	private final SerialWakes sends;

	/**
	 * Events sent so far: the place in the feed's. Only the sends touch it, one at a
	 * time.
	 */
	private int sent;

	private long lastSent = System.nanoTime();

	RunFollower(SseEmitter emitter, RunFeed feed, Runnable mayStillSee, Duration heartbeat, Runnable leave,
			Executor executor) {
		this.emitter = emitter;
		this.feed = feed;
		this.mayStillSee = mayStillSee;
		this.heartbeat = heartbeat.toNanos();
		this.leave = leave;
		this.sends = new SerialWakes(this::send, executor);
	}

	void wake() {
		this.sends.wake();
	}

	/** Before the next send, check again that the person may still see the run. */
	void checkAgain() {
		this.checkAgain.set(true);
	}

	/** Stops following: the stream was closed, timed out or its client went away. */
	void leave() {
		if (this.left.compareAndSet(false, true)) {
			this.leave.run();
		}
	}

	private void send() {
		if (this.left.get()) {
			return;
		}
		try {
			RunFeed.Page page = this.feed.from(this.sent);
			// Checked after the page is read: an event found after a grant was withdrawn
			// was published after the check was asked for, so it is seen here.
			if (this.checkAgain.getAndSet(false)) {
				this.mayStillSee.run();
			}
			for (RunFeed.Event event : page.events()) {
				SseEmitter.SseEventBuilder sse = SseEmitter.event().name(event.name());
				if (event.id() != null) {
					sse.id(event.id());
				}
				this.emitter.send(sse.data(event.data(), MediaType.APPLICATION_JSON));
				this.sent++;
			}
			switch (page.state()) {
				case GOING -> keepAlive(!page.events().isEmpty());
				default -> end(null);
			}
		}
		catch (RunNotFoundException ex) {
			// The person may no longer see the run.
			end(null);
		}
		catch (IOException | UncheckedIOException | IllegalStateException ex) {
			// The client went away.
			leave();
		}
		catch (RuntimeException ex) {
			log.warn("Events of run {} stopped", this.feed.runId(), ex);
			end(ex);
		}
	}

	/** Sends a comment when nothing was sent for a heartbeat, to notice a client gone. */
	private void keepAlive(boolean sentNow) throws IOException {
		if (sentNow) {
			this.lastSent = System.nanoTime();
		}
		else if (System.nanoTime() - this.lastSent >= this.heartbeat) {
			this.emitter.send(SseEmitter.event().comment("keep-alive"));
			this.lastSent = System.nanoTime();
		}
	}

	private void end(Throwable failure) {
		if (failure != null) {
			this.emitter.completeWithError(failure);
		}
		else {
			this.emitter.complete();
		}
		leave();
	}

}
