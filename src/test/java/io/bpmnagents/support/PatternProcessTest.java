package io.bpmnagents.support;

import io.bpmnagents.run.RunService;
import io.bpmnagents.run.RunView;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

/**
 * What every process-path test needs: the engine for camunda-bpm-assert, the runs
 * service, the step driver and a fresh fake model.
 */
@ProcessTest
public abstract class PatternProcessTest {

	@Autowired
	protected ProcessEngine engine;

	@Autowired
	protected RunService runs;

	@Autowired
	protected RuntimeService runtime;

	@Autowired
	protected ProcessDriver driver;

	@Autowired
	protected FakeModel model;

	@BeforeEach
	void initAssertionsAndModel() {
		init(this.engine);
		this.model.reset();
	}

	/** The run's process instance; call right after the start, while the run waits. */
	protected ProcessInstance instance(RunView run) {
		return this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();
	}

}
