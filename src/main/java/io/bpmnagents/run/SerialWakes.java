package io.bpmnagents.run;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Work done when woken, on an executor: at most one run at a time, and one more after a
 * wake that came during a run, so that what woke it is seen. Waking only hands the work
 * to the executor, so the thread that wakes (one that just committed a step) never waits.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class SerialWakes {

	private final AtomicInteger wakes = new AtomicInteger();

	private final Runnable work;

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
			this.work.run();
		}
		while (this.wakes.addAndGet(-seen) != 0);
	}

}
