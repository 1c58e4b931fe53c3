package io.bpmnagents.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one run for everybody on this node who follows it: looked for once per
 * change of the run, whatever the number of its streams, and kept in order while any
 * stream is open, so a stream that joins later is sent the same events in the same order.
 * Each event's data is held as the JSON sent, written once for all streams.
 * <p>
 * The looks are made as the app: whether a person may see the run is each stream's own
 * check ({@link RunFollower}), made when it opens and again before it sends anything
 * after a {@link #tick} or an {@link #accessChanged access change} on this node.
 */
final class RunFeed {

	private static final Logger log = LoggerFactory.getLogger(RunFeed.class);

	/**
	 * One Server-Sent Event: its name, its id ({@code null} for none) and its JSON data.
	 */
	record Event(String name, String id, String data) {
	}

	/**
	 * How a feed stands: the run goes on, ended, or is gone.
	 */
	enum State {

		GOING, ENDED, GONE

	}

	/** The events from a stream's place on, and how the feed stands after them. */
	record Page(List<Event> events, State state) {
	}

	private final String runId;

	private final List<Event> events = new ArrayList<>();

	private final Set<String> started = new HashSet<>();

	private final Set<String> ended = new HashSet<>();

	private State state = State.GOING;

	/** What the look under way found, not yet given to the streams. */
	private final List<Event> found = new ArrayList<>();

	private State foundState = State.GOING;

	private final Set<RunFollower> followers = ConcurrentHashMap.newKeySet();

	private final SerialWakes looks;

	/** Whether the last look failed: only the first failure of a row is logged. */
	private volatile boolean failing;

	private volatile Runnable onClose = () -> {
	};

	RunFeed(String runId, Consumer<RunFeed> look, Executor executor) {
		this.runId = runId;
		this.looks = new SerialWakes(() -> lookAndTell(look), executor);
	}

	String runId() {
		return this.runId;
	}

	/** The run changed: one look, then every stream is told. */
	void wake() {
		this.looks.wake();
	}

	/**
	 * The poll: each stream checks again that its person may still see the run, then one
	 * look for what other nodes recorded.
	 */
	void tick() {
		this.followers.forEach(RunFollower::checkAgain);
		wake();
	}

	/**
	 * A grant or membership changed on this node: each stream checks again that its
	 * person may still see the run before it sends anything more, and one that may not
	 * ends now rather than at its next event. No look: the run did not change.
	 */
	void accessChanged() {
		this.followers.forEach((follower) -> {
			follower.checkAgain();
			follower.wake();
		});
	}

	void add(RunFollower follower) {
		this.followers.add(follower);
	}

	/**
	 * @return whether nobody follows the run any more
	 */
	boolean remove(RunFollower follower) {
		this.followers.remove(follower);
		return this.followers.isEmpty();
	}

	/** What to stop once nobody follows the run: its wakes and its poll. */
	void onClose(Runnable stop) {
		this.onClose = stop;
	}

	void close() {
		this.onClose.run();
	}

	private void lookAndTell(Consumer<RunFeed> look) {
		if (state() == State.GOING) {
			try {
				look.accept(this);
				this.failing = false;
			}
			catch (RuntimeException ex) {
				// Looked at again at the next wake or poll, the streams kept open: a
				// database that did not answer once must not end every stream of the run
				// for good. What the look found before it failed is sent; the rest is
				// found again.
				if (!this.failing) {
					log.warn("Events of run {} could not be read; looking again at the next change or poll", this.runId,
							ex);
				}
				this.failing = true;
			}
			publish();
		}
		this.followers.forEach(RunFollower::wake);
	}

	/** Whether a look found the call started and, if it is {@code done}, ended. */
	synchronized boolean knows(String callId, boolean done) {
		return this.started.contains(callId) && (!done || this.ended.contains(callId));
	}

	synchronized void callStarted(String callId, String data) {
		if (this.started.add(callId)) {
			this.found.add(new Event("call-started", callId + ":start", data));
		}
	}

	synchronized void callEnded(String callId, String data) {
		if (this.ended.add(callId)) {
			this.found.add(new Event("call-ended", callId + ":end", data));
		}
	}

	synchronized void runEnded(String data) {
		this.found.add(new Event("run-ended", null, data));
		this.foundState = State.ENDED;
	}

	synchronized void end(State ending) {
		this.foundState = ending;
	}

	/** What the look found, given to the streams at once at its end. */
	private synchronized void publish() {
		this.events.addAll(this.found);
		this.found.clear();
		this.state = this.foundState;
	}

	private synchronized State state() {
		return this.state;
	}

	/** The events after the first {@code sent}, and how the feed stands. */
	synchronized Page from(int sent) {
		return new Page(List.copyOf(this.events.subList(sent, this.events.size())), this.state);
	}

}
