package io.bpmnagents.tracing;

import java.util.function.Supplier;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The tracer's id generator: random ids, except while the root span of a run is started,
 * which gets the ids derived from its run ({@link RunTrace}) so that the spans of its
 * calls, made earlier on any node, find it as their parent.
 */
final class RunSpanIds implements IdGenerator {

	private static final ThreadLocal<RunTrace> NEXT = new ThreadLocal<>();

	private final IdGenerator random = IdGenerator.random();

	/** Starts a span, on this thread, with the trace id and span id of the run. */
	static <T> T startWith(RunTrace ids, Supplier<T> start) {
		NEXT.set(ids);
		try {
			return start.get();
		}
		finally {
			NEXT.remove();
		}
	}

	@Override
	public String generateSpanId() {
		RunTrace ids = NEXT.get();
		return (ids != null) ? ids.rootSpanId() : this.random.generateSpanId();
	}

	@Override
	public String generateTraceId() {
		RunTrace ids = NEXT.get();
		return (ids != null) ? ids.traceId() : this.random.generateTraceId();
	}

}
