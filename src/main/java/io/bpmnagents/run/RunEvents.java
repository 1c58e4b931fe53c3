package io.bpmnagents.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.transcript.TranscriptStore;
import io.bpmnagents.transcript.TranscriptWatchers;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of a run: {@code call-started} and {@code call-ended} for each model
 * call and {@code run-ended} at the end. Events are read from the transcript and the
 * engine's history rather than from this node's memory, so a client sees every call
 * whichever node of a cluster made it.
 * <p>
 * All streams of a run on this node share one {@link RunFeed}: it looks at the run when
 * this node records a call of the run starting or ending, or ends the run
 * ({@link TranscriptWatchers}, after the commit), and otherwise every
 * {@code bpmn-agents.events.poll} for what other nodes of a cluster recorded; one look
 * per change, however many people follow the run, and each stream is sent what the look
 * found.
 * <p>
 * Whether a person may see the run is checked as they open the stream, and again as them,
 * with their groups as they are then, before anything more is sent after a change on this
 * node that may withdraw access ({@link AccessChanges}) or after a poll: a withdrawn
 * grant or membership ends their stream before its next event when it was withdrawn on
 * this node, and within {@code bpmn-agents.events.poll} when on another; a deleted run
 * ends it at the next look. Changes that withdraw nothing cost no check. The looks and
 * sends are shared out over a small pool of threads ({@code bpmn-agents.events.threads});
 * the thread that recorded a change only hands the look to the pool.
 */
@Component
class RunEvents implements DisposableBean {

	private final RunAccess access;

	private final EventStreamProperties properties;

	private final EventStreamLimits limits;

	private final IdentityService identity;

	private final TranscriptWatchers watchers;

	private final RunLook look;

	private final Map<String, RunFeed> feeds = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler;

	RunEvents(RunService runs, RunAccess access, TranscriptStore transcript, EventStreamProperties properties,
			IdentityService identity, TranscriptWatchers watchers, AccessChanges accessChanges, ObjectMapper json) {
		this.access = access;
		this.properties = properties;
		this.limits = new EventStreamLimits(properties.maxPerUser());
		this.identity = identity;
		this.watchers = watchers;
		this.look = new RunLook(runs, access, transcript, json);
		AtomicLong threads = new AtomicLong();
		this.scheduler = Executors.newScheduledThreadPool(properties.threads(), (runnable) -> {
			Thread thread = new Thread(runnable, "run-events-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		accessChanges.onChange(() -> this.feeds.values().forEach(RunFeed::accessChanged));
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
		AtomicReference<RunFollower> following = new AtomicReference<>();
		Runnable mayStillSee = () -> {
			// A deleted person sees nothing, not even the runs they started (which
			// RunAccess lets a starter see whatever their groups).
			if (user != null && this.identity.createUserQuery().userId(user).count() == 0) {
				throw new RunNotFoundException(runId);
			}
			this.access.asPerson(user, () -> this.access.read(runId, (run) -> run));
		};
		RunFeed feed = this.feeds.compute(runId, (id, open) -> {
			RunFeed joined = (open != null) ? open : open(id);
			RunFollower follower = new RunFollower(emitter, joined, mayStillSee, this.properties.heartbeat(), () -> {
				leave(joined, following.get());
				release.run();
			}, this.scheduler);
			following.set(follower);
			joined.add(follower);
			return joined;
		});
		RunFollower follower = following.get();
		emitter.onCompletion(follower::leave);
		emitter.onTimeout(follower::leave);
		emitter.onError((ex) -> follower.leave());
		// What the feed has already; its first look, if it is new, tells the stream
		// again.
		follower.wake();
		return emitter;
	}

	/**
	 * A feed for the run's first stream on this node: woken by this node's writes and by
	 * the poll, and looking at once.
	 */
	private RunFeed open(String runId) {
		RunFeed feed = new RunFeed(runId, this.look::look, this.scheduler);
		Runnable unwatch = this.watchers.watch(runId, feed::wake);
		long poll = this.properties.poll().toMillis();
		ScheduledFuture<?> polls = this.scheduler.scheduleWithFixedDelay(feed::tick, poll, poll, TimeUnit.MILLISECONDS);
		feed.onClose(() -> {
			polls.cancel(false);
			unwatch.run();
		});
		feed.wake();
		return feed;
	}

	/** The stream's follower leaves the feed; the run's last closes it. */
	private void leave(RunFeed feed, RunFollower follower) {
		this.feeds.computeIfPresent(feed.runId(), (id, open) -> {
			if (open == feed && feed.remove(follower)) {
				feed.close();
				return null;
			}
			return open;
		});
	}

	int openBy(String user) {
		return this.limits.openBy(user);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
