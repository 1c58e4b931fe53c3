package io.bpmnagents.support;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * What every end-to-end test needs: the administrator's client of the HTTP API and the
 * people who call it in their groups' names. The same pair in every such test, so it is
 * declared here once, as {@link PatternProcessTest} does for process-path tests.
 */
@EndToEndTest
public abstract class EndToEndApiTest {

	@Autowired
	protected ApiClient api;

	@Autowired
	protected People people;

}
