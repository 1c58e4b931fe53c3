package io.bpmnagents.simulator;

import java.time.Duration;
import java.util.Random;

/**
 * Decides, for each request in arrival order, the delay and whether a fault is injected.
 * The draws come from one seeded sequence, so a given seed and order of requests gives
 * the same faults; the reply text itself depends only on the request (see
 * {@link SimulatedReplies}). Fault rates may be changed while running, which tests use to
 * fail and then heal a model.
 */
public class Simulator {

	private final Random random;

	private final SimulatorProperties properties;

	private volatile Faults faults;

	Simulator(SimulatorProperties properties) {
		this.properties = properties;
		this.random = new Random(properties.seed());
		this.faults = new Faults(properties.errorRate(), properties.rateLimitRate(), properties.malformedRate(),
				properties.minReplyChars());
	}

	/** Fault rates and reply size in force. */
	public record Faults(double errorRate, double rateLimitRate, double malformedRate, int minReplyChars) {
	}

	public Faults faults() {
		return this.faults;
	}

	public void faults(Faults faults) {
		this.faults = faults;
	}

	SimulatorProperties properties() {
		return this.properties;
	}

	/** What to do with one request. */
	enum Outcome {

		REPLY, SERVER_ERROR, RATE_LIMITED, MALFORMED

	}

	record Decision(Outcome outcome, Duration delay) {
	}

	synchronized Decision decide(boolean jsonRequested) {
		Faults current = this.faults;
		long jitterMs = this.properties.jitter().toMillis();
		Duration delay = this.properties.latency()
			.plusMillis((jitterMs > 0) ? (long) (this.random.nextDouble() * jitterMs) : 0);
		double draw = this.random.nextDouble();
		if (draw < current.errorRate()) {
			return new Decision(Outcome.SERVER_ERROR, delay);
		}
		if (draw < current.errorRate() + current.rateLimitRate()) {
			return new Decision(Outcome.RATE_LIMITED, delay);
		}
		if (jsonRequested && this.random.nextDouble() < current.malformedRate()) {
			return new Decision(Outcome.MALFORMED, delay);
		}
		return new Decision(Outcome.REPLY, delay);
	}

}
