package io.bpmnagents.llm;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * What limits model calls: per model, at most {@code llm.max-concurrent-calls} at once
 * (or the model's own {@code llm.model-limits.<model>.max-concurrent-calls}), and after
 * the server answered 429, no call of that model until the wait it asked for has passed.
 * This is the limit a user sets for their provider; the worker's pool is larger.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ModelLimits {

	private final LlmProperties properties;

	private final Map<String, Gate> gates = new ConcurrentHashMap<>();

	Gate gate(String model) {
		return this.gates.computeIfAbsent(model, (name) -> new Gate(this.properties.maxConcurrentCallsOf(name)));
	}

	/** One model's calls: a permit each, and a pause after a rate limit. */
	static final class Gate {

		private final Semaphore permits;

		/** In {@link System#nanoTime()}'s terms; starts as "now", i.e. not paused. */
		private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());

		private volatile Duration lastPause;

		private final AtomicInteger inFlight = new AtomicInteger();

		private final AtomicInteger peak = new AtomicInteger();

		Gate(int maxConcurrentCalls) {
			this.permits = new Semaphore(maxConcurrentCalls, true);
		}

		/** Waits for a permit, then for a rate-limit pause to pass. */
		void acquire() throws InterruptedException {
			this.permits.acquire();
			try {
				long wait;
				while ((wait = this.pausedUntil.get() - System.nanoTime()) > 0) {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
			}
			catch (InterruptedException ex) {
				this.permits.release();
				throw ex;
			}
			this.peak.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		}

		void release() {
			this.inFlight.decrementAndGet();
			this.permits.release();
		}

		/** Holds every call of the model back for {@code wait} from now. */
		void pause(Duration wait) {
			long until = System.nanoTime() + wait.toNanos();
			this.pausedUntil.accumulateAndGet(until, (current, next) -> (next - current > 0) ? next : current);
			this.lastPause = wait;
		}

		/** The wait of the last rate limit, or {@code null}. */
		Duration lastPause() {
			return this.lastPause;
		}

		/** The most calls of this model that ran at once. */
		int peak() {
			return this.peak.get();
		}

	}

}
