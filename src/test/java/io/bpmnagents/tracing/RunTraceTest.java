package io.bpmnagents.tracing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunTraceTest {

	@Test
	void aRunWhoseIdIsAUuidHasThatUuidAsItsTraceId() {
		RunTrace trace = RunTrace.of("1f0c2a4e-9b3d-11ef-8c2a-0242ac120002");

		assertThat(trace.traceId()).isEqualTo("1f0c2a4e9b3d11ef8c2a0242ac120002");
		assertThat(trace.rootSpanId()).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
	}

	@Test
	void everyNodeDerivesTheSameIdsForTheSameRunAndOtherIdsForAnotherRun() {
		RunTrace once = RunTrace.of("1f0c2a4e-9b3d-11ef-8c2a-0242ac120002");
		RunTrace again = RunTrace.of("1f0c2a4e-9b3d-11ef-8c2a-0242ac120002");
		RunTrace other = RunTrace.of("1f0c2a4e-9b3d-11ef-8c2a-0242ac120003");

		assertThat(again).isEqualTo(once);
		assertThat(other.traceId()).isNotEqualTo(once.traceId());
		assertThat(other.rootSpanId()).isNotEqualTo(once.rootSpanId());
	}

	@Test
	void aRunIdThatIsNoUuidIsHashedIntoAValidTraceId() {
		RunTrace trace = RunTrace.of("4711");

		assertThat(trace.traceId()).matches("[0-9a-f]{32}").isEqualTo(RunTrace.of("4711").traceId());
		assertThat(trace.rootSpanId()).matches("[0-9a-f]{16}");
	}

}
