package io.bpmnagents.support;

import io.bpmnagents.simulator.Simulator;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * What end-to-end tests drive: the administrator's client of the HTTP API, the people who
 * call it in their groups' names, and the built-in simulator that answers as the model.
 * Declared here once, as {@link PatternProcessTest} does for process-path tests, instead
 * of in every test class.
 */
@EndToEndTest
public abstract class EndToEndApiTest {

	@Autowired
	protected ApiClient api;

	@Autowired
	protected People people;

	@Autowired
	protected Simulator simulator;

}
