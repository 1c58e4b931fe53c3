package io.bpmnagents.support;

import io.bpmnagents.run.RunService;
import io.bpmnagents.run.RunView;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

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

	/** The run's approval, the called result-approval process, while it waits. */
	protected ProcessInstance approvalOf(RunView run) {
		return calledBy(run, "result-approval");
	}

	/** The one process the run's call activity started, while the run waits on it. */
	protected ProcessInstance calledBy(RunView run) {
		return this.runtime.createProcessInstanceQuery().superProcessInstanceId(run.id()).singleResult();
	}

	/** The process of this key that the run called, while the run waits on it. */
	protected ProcessInstance calledBy(RunView run, String processKey) {
		return this.runtime.createProcessInstanceQuery()
			.superProcessInstanceId(run.id())
			.processDefinitionKey(processKey)
			.singleResult();
	}

	/**
	 * A person sends the result back once with {@code comment}, the agents rework it, and
	 * the person approves the rework.
	 */
	protected void sendBackOnceThenApprove(ProcessInstance approval, String comment) {
		decide(approval, false, comment);
		this.driver.runUntilQuiet();
		decide(approval, true, "");
	}

	/** A person decides the approval's open task, with a comment. */
	protected void decide(ProcessInstance approval, boolean approved, String comment) {
		TaskService tasks = this.engine.getTaskService();
		Task task = tasks.createTaskQuery().processInstanceId(approval.getId()).singleResult();
		tasks.complete(task.getId(), withVariables("approved", approved, "comment", comment));
	}

	/** Deploys {@code model} as a new version and answers the version's id. */
	protected String deploy(BpmnModelInstance model) {
		return this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("model.bpmn", model)
			.deployWithResult()
			.getDeployedProcessDefinitions()
			.get(0)
			.getId();
	}

	/** The id of the latest deployed version of the process {@code key}. */
	protected String latest(String key) {
		return this.engine.getRepositoryService()
			.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult()
			.getId();
	}

}
