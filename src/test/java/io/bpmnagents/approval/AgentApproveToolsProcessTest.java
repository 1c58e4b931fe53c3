package io.bpmnagents.approval;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.run.RunView;
import io.bpmnagents.security.AccessGroups;
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
 * {@code agents.<name>.approve-tools}: the agent's calls of a tool wait for a person in
 * every task drawn with the tool loop, and are not made in a task that cannot wait.
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:agent-approve-tools;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=agentApproveTools", "agents.researcher.tools=workspace_write",
		"agents.researcher.approve-tools=workspace_write" })
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
		this.driver.runUntilQuiet();
		assertThat(instance).isWaitingAt("CallActivity_ApproveRefund");
		ProcessInstance approval = calledBy(run);
		Task task = this.tasks.createTaskQuery().processInstanceId(approval.getId()).singleResult();
		assertThat(task.getName()).isEqualTo("Approve the tool call: workspace_write (researcher)");

		this.identity.setAuthentication("ann", List.of(AccessGroups.APPROVERS));
		try {
			this.tasks.complete(task.getId(), Map.of("decision", "approve"));
		}
		finally {
			this.identity.clearAuthentication();
		}
		this.driver.runUntilQuiet();

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

}
