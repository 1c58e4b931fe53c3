package io.bpmnagents.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides, for each request in arrival order, the delay and whether a fault is injected.
 * The draws come from one seeded sequence, so a given seed and order of requests gives
 * the same faults; the reply text itself depends only on the request (see
 * {@link SimulatedReplies}). Fault rates may be changed while running, which tests use to
 * fail and then heal a model. It also counts the requests it is answering, so tests and
 * benchmarks can see how many calls overlap without measuring time.
 */
public class Simulator {

	private final Random random;

	private final SimulatorProperties properties;

	private volatile Faults faults;

	private volatile Duration latency;

	private final AtomicInteger inProgress = new AtomicInteger();

	private final AtomicInteger peak = new AtomicInteger();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong rateLimited = new AtomicLong();

	private final AtomicInteger malformedNext = new AtomicInteger();

	private volatile boolean loopToolCalls;

	private volatile boolean repeatTurns;

	private final Map<String, String> choices = new ConcurrentHashMap<>();

	Simulator(SimulatorProperties properties) {
		this.properties = properties;
		this.latency = properties.latency();
		this.random = new Random(properties.seed());
		this.faults = new Faults(properties.errorRate(), properties.rateLimitRate(), properties.malformedRate(),
				properties.minReplyChars());
	}

	/** Fault rates and reply size in force. */
	public record Faults(double errorRate, double rateLimitRate, double malformedRate, int minReplyChars) {
	}

	/**
	 * The next {@code count} requests that ask for JSON get broken JSON, whatever the
	 * rates: tests use it to make one answer unusable (the re-ask then gets a good one)
	 * or two (the task's error path).
	 */
	public void malformNext(int count) {
		this.malformedNext.set(count);
	}

	/**
	 * From now on, while {@code loop}, a request that offers tools is answered with the
	 * same tool call again, whatever results it already has: a looping agent, for tests
	 * of stall detection.
	 */
	public void loopToolCalls(boolean loop) {
		this.loopToolCalls = loop;
	}

	boolean loopsToolCalls() {
		return this.loopToolCalls;
	}

	/**
	 * From now on, while {@code repeat}, every turn of a conversation says the same
	 * words: a conversation going round in circles, for tests of stall detection.
	 */
	public void repeatTurns(boolean repeat) {
		this.repeatTurns = repeat;
	}

	boolean repeatsTurns() {
		return this.repeatTurns;
	}

	/**
	 * From now on, a JSON answer's property named {@code property} whose schema lists
	 * {@code value} among its values takes that value, instead of one drawn from the
	 * request: a judge that answers a given verdict, for tests of what follows from it.
	 */
	public void choose(String property, String value) {
		this.choices.put(property, value);
	}

	/** Forgets every {@link #choose chosen} value. */
	public void clearChoices() {
		this.choices.clear();
	}

	Map<String, String> choices() {
		return Map.copyOf(this.choices);
	}

	public Faults faults() {
		return this.faults;
	}

	public void faults(Faults faults) {
		this.faults = faults;
	}

	/** The delay of every reply now (before jitter). */
	public Duration latency() {
		return this.latency;
	}

	/** Changes the delay of replies from the next request on. */
	public void latency(Duration latency) {
		this.latency = latency;
	}

	/**
	 * Requests being answered now, the most that were at once since the last
	 * {@link #resetLoad()}, and the requests and rate-limited replies since then.
	 */
	public record Load(int inProgress, int peak, long requests, long rateLimited) {
	}

	public Load load() {
		return new Load(this.inProgress.get(), this.peak.get(), this.requests.get(), this.rateLimited.get());
	}

	public void resetLoad() {
		this.peak.set(this.inProgress.get());
		this.requests.set(0);
		this.rateLimited.set(0);
	}

	void requestStarted() {
		this.requests.incrementAndGet();
		int now = this.inProgress.incrementAndGet();
		this.peak.accumulateAndGet(now, Math::max);
	}

	void requestEnded(Outcome outcome) {
		if (outcome == Outcome.RATE_LIMITED) {
			this.rateLimited.incrementAndGet();
		}
		this.inProgress.decrementAndGet();
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
		Duration delay = this.latency.plusMillis((jitterMs > 0) ? (long) (this.random.nextDouble() * jitterMs) : 0);
		double draw = this.random.nextDouble();
		if (draw < current.errorRate()) {
			return new Decision(Outcome.SERVER_ERROR, delay);
		}
		if (draw < current.errorRate() + current.rateLimitRate()) {
			return new Decision(Outcome.RATE_LIMITED, delay);
		}
		if (jsonRequested && this.malformedNext.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
			return new Decision(Outcome.MALFORMED, delay);
		}
		if (jsonRequested && this.random.nextDouble() < current.malformedRate()) {
			return new Decision(Outcome.MALFORMED, delay);
		}
		return new Decision(Outcome.REPLY, delay);
	}

}
