package io.bpmnagents.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * People following a node's current run while a benchmark measures it: clients that each
 * read the run's view ({@code GET /api/runs/{id}}) every 200 ms, as a page refreshing
 * itself would, and clients that each hold the run's event stream ({@code GET
 * /api/runs/{id}/events}) open until the run ends, then open the next run's. The
 * benchmark says which run is current ({@link #follow}). A failed read fails the
 * benchmark when this closes, so no figure is taken while nobody could watch.
 */
final class PeopleWatching implements AutoCloseable {

	private static final Duration POLL = Duration.ofMillis(200);

	private final ApplicationProcess node;

	private final AtomicReference<String> current = new AtomicReference<>();

	private final AtomicBoolean done = new AtomicBoolean();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private final AtomicInteger reads = new AtomicInteger();

	private final AtomicInteger streams = new AtomicInteger();

	private final ExecutorService people;

	PeopleWatching(ApplicationProcess node, int pollers, int streams) {
		this.node = node;
		AtomicInteger named = new AtomicInteger();
		this.people = Executors.newFixedThreadPool(Math.max(1, pollers + streams), (runnable) -> {
			Thread thread = new Thread(runnable, "bench-watcher-" + named.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		for (int i = 0; i < pollers; i++) {
			this.people.submit(() -> watch(this::poll));
		}
		for (int i = 0; i < streams; i++) {
			this.people.submit(() -> watch(this::stream));
		}
	}

	/** From now on, people watch this run. */
	void follow(String runId) {
		this.current.set(runId);
	}

	/** Run views read and event streams opened so far. */
	String seen() {
		return this.reads.get() + " view reads, " + this.streams.get() + " event streams";
	}

	@Override
	public void close() throws InterruptedException {
		this.done.set(true);
		this.people.shutdownNow();
		this.people.awaitTermination(1, TimeUnit.MINUTES);
		if (this.failure.get() != null) {
			throw new AssertionError("A person watching the runs was refused", this.failure.get());
		}
	}

	private Void watch(Watcher watcher) {
		try {
			String last = null;
			while (!this.done.get()) {
				last = watcher.look(last);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception | AssertionError ex) {
			if (!this.done.get()) {
				this.failure.compareAndSet(null, ex);
			}
		}
		return null;
	}

	/** Reads the current run's view, then waits the poll interval. */
	private String poll(String last) throws Exception {
		String id = this.current.get();
		if (id != null) {
			this.node.get("/api/runs/" + id);
			this.reads.incrementAndGet();
		}
		Thread.sleep(POLL.toMillis());
		return id;
	}

	/**
	 * Follows the current run's events until the stream ends with the run, unless it was
	 * followed already; then waits for the next run.
	 */
	private String stream(String last) throws Exception {
		String id = this.current.get();
		if (id == null || Objects.equals(id, last)) {
			Thread.sleep(20);
			return last;
		}
		try (Stream<String> events = this.node.lines("/api/runs/" + id + "/events")) {
			this.streams.incrementAndGet();
			events.forEach((line) -> {
			});
		}
		return id;
	}

	@FunctionalInterface
	private interface Watcher {

		/** One look; gets and returns the run looked at last. */
		String look(String last) throws Exception;

	}

}
