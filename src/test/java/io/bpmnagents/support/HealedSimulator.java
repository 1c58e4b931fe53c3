package io.bpmnagents.support;

import java.time.Duration;

import io.bpmnagents.simulator.Simulator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Puts the simulator back as it was before each end-to-end test (fault rates, reply
 * delay, no broken answers pending): the tests share one application context, and a test
 * that breaks the model on purpose must not break the tests after it. The tests no longer
 * each heal it in an {@code @AfterEach} of their own.
 */
class HealedSimulator implements BeforeEachCallback, AfterEachCallback {

	private static final ExtensionContext.Namespace BEFORE = ExtensionContext.Namespace.create(HealedSimulator.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		Simulator simulator = simulator(context);
		context.getStore(BEFORE).put(Simulator.Faults.class, simulator.faults());
		context.getStore(BEFORE).put(Duration.class, simulator.latency());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Simulator simulator = simulator(context);
		simulator.faults(context.getStore(BEFORE).get(Simulator.Faults.class, Simulator.Faults.class));
		simulator.latency(context.getStore(BEFORE).get(Duration.class, Duration.class));
		simulator.malformNext(0);
		simulator.clearChoices();
	}

	private static Simulator simulator(ExtensionContext context) {
		return SpringExtension.getApplicationContext(context).getBean(Simulator.class);
	}

}
