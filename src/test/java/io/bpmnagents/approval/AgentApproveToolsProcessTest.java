package io.bpmnagents.approval;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.run.RunView;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.support.ToolModels;
import io.bpmnagents.tool.WorkspaceStore;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Approval rules beyond the task's: {@code agents.<name>.approve-tools} (the agent's
 * calls of a tool) and {@code bpmn-agents.tools.approve-tools} (a tool's calls by any
 * agent) make calls wait for a person in every task drawn with the tool loop; such calls
 * are not made in a task that cannot wait.
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:agent-approve-tools;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=agentApproveTools", "agents.researcher.tools=workspace_write",
		"agents.researcher.approve-tools=workspace_write", "agents.archivist.tools=workspace_write",
		"bpmn-agents.tools.approve-tools=workspace_write when key = ledger" })
class AgentApproveToolsProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	TaskService tasks;

	@Autowired
	IdentityService identity;

	@Autowired
	WorkspaceStore workspace;

	@BeforeEach
	void theResearcherWritesANoteThenAnswers() {
		this.model.scriptMessage("researcher",
				(call) -> call.toolResults().isEmpty() ? AiMessage.from(ToolExecutionRequest.builder()
					.id("call-1")
					.name("workspace_write")
					.arguments("{\"key\": \"note\", \"text\": \"tides\"}")
					.build()) : AiMessage.from("Done: " + call.toolResults().get(0).text()));
	}

	@Test
	void theAgentsCallWaitsForAPersonInATaskDrawnWithTheToolLoop() {
		RunView run = this.runs.start("refund-approval", Map.of("task", "Note the tides", "agent", "researcher"));
		ProcessInstance instance = instance(run);
		approveTheWaitingCall(run, instance, "Approve the tool call: workspace_write (researcher)");

		assertThat(instance).isEnded();
		assertThat(this.workspace.read(run.id(), "note")).contains("tides");
	}

	@Test
	void theAgentsCallIsNotMadeInATaskThatCannotWait() {
		this.repository.createDeployment()
			.addString("no-loop.bpmn", ToolModels.askWithTools("no-loop", "workspace_write"))
			.deploy();

		RunView run = this.runs.start("no-loop", Map.of("task", "Note the tides"));
		this.driver.runUntilQuiet();

		Incident incident = this.runtime.createIncidentQuery().processInstanceId(run.id()).singleResult();
		assertThat(incident.getIncidentMessage()).contains(
				"needs a person's approval (agents.researcher.approve-tools)",
				"set the task's 'approveTools' property");
		assertThat(this.workspace.read(run.id(), "note")).isEmpty();
	}

	@Test
	void aCallTheRuleForEveryAgentMatchesWaitsForAPersonThoughTheAgentHasNoRule() {
		archivistWrites("ledger");
		RunView run = this.runs.start("refund-approval", Map.of("task", "Keep the ledger", "agent", "archivist"));
		ProcessInstance instance = instance(run);
		approveTheWaitingCall(run, instance, "Approve the tool call: workspace_write (archivist)");

		assertThat(instance).isEnded();
		assertThat(this.workspace.read(run.id(), "ledger")).contains("tides");
	}

	@Test
	void aCallTheRuleForEveryAgentDoesNotMatchRunsWithoutAskingAnyone() {
		archivistWrites("note");
		RunView run = this.runs.start("refund-approval", Map.of("task", "Keep a note", "agent", "archivist"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.runtime.createProcessInstanceQuery().superProcessInstanceId(run.id()).count()).isZero();
		assertThat(this.workspace.read(run.id(), "note")).contains("tides");
	}

	@Test
	void aCallTheRuleForEveryAgentMatchesIsNotMadeInATaskThatCannotWait() {
		archivistWrites("ledger");
		this.repository.createDeployment()
			.addString("archivist-no-loop.bpmn",
					AgentTaskChains.xml("archivist-no-loop",
							Step.of("Task_Ask", "archivist", "${task}", "result").withTools("workspace_write")))
			.deploy();

		RunView run = this.runs.start("archivist-no-loop", Map.of("task", "Keep the ledger"));
		this.driver.runUntilQuiet();

		Incident incident = this.runtime.createIncidentQuery().processInstanceId(run.id()).singleResult();
		assertThat(incident.getIncidentMessage()).contains(
				"needs a person's approval (bpmn-agents.tools.approve-tools)",
				"set the task's 'approveTools' property");
		assertThat(this.workspace.read(run.id(), "ledger")).isEmpty();
	}

	/** The archivist writes the tides under this key, then answers. */
	private void archivistWrites(String key) {
		this.model.callToolThenAnswer("archivist", "workspace_write", "{\"key\": \"" + key + "\", \"text\": \"tides\"}",
				"Done: ");
	}

	/**
	 * Runs until the run waits for the tool call's approval, checks the approver's task
	 * by its name, and has an approver approve it with the arguments shown.
	 */
	private void approveTheWaitingCall(RunView run, ProcessInstance instance, String taskName) {
		this.driver.runUntilQuiet();
		assertThat(instance).isWaitingAt("CallActivity_ApproveRefund");
		ProcessInstance approval = calledBy(run);
		Task task = this.tasks.createTaskQuery().processInstanceId(approval.getId()).singleResult();
		assertThat(task.getName()).isEqualTo(taskName);

		this.identity.setAuthentication("ann", List.of(AccessGroups.APPROVERS));
		try {
			this.tasks.complete(task.getId(), Map.of("decision", "approve"));
		}
		finally {
			this.identity.clearAuthentication();
		}
		this.driver.runUntilQuiet();
	}

}
