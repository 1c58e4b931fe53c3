package io.bpmnagents.approval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

class ResultApprovalProcessTest extends PatternProcessTest {

	@Autowired
	TaskService tasks;

	@Autowired
	IdentityService identity;

	@Autowired
	AuthorizationService authorizations;

	@BeforeEach
	void scriptTheManager() {
		this.model.script("project-manager",
				(call) -> call.json() ? "{\"assignments\": [{\"worker\": \"developer\", \"subtask\": \"Build it\"}]}"
						: "project-manager answer " + this.model.callsOf("project-manager").size());
	}

	@Test
	void aRunThatDoesNotAskForApprovalEndsWithoutWaitingForAPerson() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Write about agents"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassedInOrder("Task_Stage", "CallActivity_Approval", "EndEvent_ResultReady");
		// The approval's call activity ran and ended at once, without a task for a
		// person.
		String approval = historyService().createHistoricProcessInstanceQuery()
			.superProcessInstanceId(run.id())
			.singleResult()
			.getId();
		assertThat(historyService().createHistoricActivityInstanceQuery()
			.processInstanceId(approval)
			.activityId("EndEvent_NoApprovalAsked")
			.count()).isEqualTo(1);
		assertThat(historyService().createHistoricTaskInstanceQuery().rootProcessInstanceId(run.id()).count()).isZero();
		assertThat(this.runs.view(run.id()).output()).doesNotContainKeys("approved", "comment");
	}

	@Test
	void anApprovedResultEndsTheRunAsItWas() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about agents", "requireApproval", true));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("CallActivity_Approval");
		ProcessInstance approval = approvalOf(run);
		assertThat(approval).isWaitingAt("UserTask_ApproveResult");
		RunView waiting = this.runs.view(run.id());
		assertThat(waiting.status()).isEqualTo(RunView.Status.RUNNING);
		assertThat(waiting.userTasks()).singleElement().satisfies((task) -> {
			assertThat(task.activityId()).isEqualTo("UserTask_ApproveResult");
			assertThat(task.name()).isEqualTo("Approve the result: Write about agents");
		});

		complete(approval, true, "Good as it is");

		assertThat(approval).isEnded()
			.hasPassedInOrder("UserTask_ApproveResult", "Gateway_Approved", "EndEvent_ResultApproved");
		assertThat(instance).isEnded().hasPassedInOrder("Task_Stage", "CallActivity_Approval", "EndEvent_ResultReady");
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(done.userTasks()).isEmpty();
		assertThat(done.output()).containsEntry("result", "editor answer 1")
			.containsEntry("approved", true)
			.containsEntry("comment", "Good as it is");
		assertThat(this.model.calls()).hasSize(3);
	}

	@Test
	@SuppressWarnings("unchecked")
	void givenADebateWhenItsApprovalIsCreatedThenTheTaskShowsTheOpeningsRoundsAndJudgmentInOrder() {
		RunView run = this.runs.start("debate",
				Map.of("task", "Tabs over spaces", "maxRounds", 1, "requireApproval", true));
		this.driver.runUntilQuiet();
		ProcessInstance approval = approvalOf(run);
		org.camunda.bpm.engine.task.Task task = this.engine.getTaskService()
			.createTaskQuery()
			.processInstanceId(approval.getId())
			.singleResult();

		List<Map<String, Object>> answers = (List<Map<String, Object>>) this.engine.getTaskService()
			.getVariableLocal(task.getId(), "answers");

		assertThat(answers).extracting((answer) -> answer.get("agent"))
			.containsExactlyInAnyOrder("proponent", "opponent", "opponent", "proponent", "judge");
		assertThat(answers.get(answers.size() - 1)).containsEntry("agent", "judge")
			.containsEntry("step", "Judge weighs the debate")
			.containsEntry("answer", "judge answer 1");
		assertThat(answers.subList(0, 2)).extracting((answer) -> answer.get("agent"))
			.containsExactlyInAnyOrder("proponent", "opponent");
		assertThat(answers).allSatisfy((answer) -> assertThat(answer).containsKeys("step", "answer"));
	}

	@Test
	void aLongAnswerIsShownCutWithAPointerToTheTranscriptAndOnlyTheLatestAnswersAreShown() {
		List<io.bpmnagents.transcript.TranscriptEntry> calls = new java.util.ArrayList<>();
		for (int i = 0; i < ReviewContext.MAX_ANSWERS + 5; i++) {
			calls.add(entry("writer",
					(i == ReviewContext.MAX_ANSWERS + 4) ? "x".repeat(ReviewContext.MAX_ANSWER + 10) : "answer " + i));
		}
		calls.add(entry("writer", null));

		List<Map<String, Object>> answers = ReviewContext.answers(calls);

		assertThat(answers).hasSize(ReviewContext.MAX_ANSWERS);
		assertThat(answers.get(0)).containsEntry("answer", "answer 5");
		assertThat((String) answers.get(answers.size() - 1).get("answer"))
			.endsWith("… (10 more characters in the run's transcript)");
	}

	private static io.bpmnagents.transcript.TranscriptEntry entry(String agent, String response) {
		return new io.bpmnagents.transcript.TranscriptEntry("id", "run", "run", "Task_Write", agent, "m", "p", response,
				null, List.of(), null, null, null, null, null, 1, "w", null, null, "model", null, null, List.of());
	}

	@Test
	void aRejectedResultIsReworkedByTheAgentThatMadeItAndReviewedAgain() {
		RunView run = this.runs.start("debate",
				Map.of("task", "Tabs over spaces", "maxRounds", 1, "requireApproval", true));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();
		ProcessInstance approval = approvalOf(run);

		complete(approval, false, "Name one clear winner.");
		this.driver.runUntilQuiet();

		assertThat(approval).isWaitingAt("UserTask_ApproveResult")
			.hasPassedInOrder("UserTask_ApproveResult", "Gateway_Approved", "Task_Rework");
		List<io.bpmnagents.support.FakeModel.Call> judge = this.model.callsOf("judge");
		assertThat(judge).hasSize(2);
		assertThat(judge.get(1).prompt()).contains("Tabs over spaces", "judge answer 1", "Name one clear winner.");
		// The judge's memory: its first judgment travels with the rework request.
		assertThat(judge.get(1).messages()).hasSizeGreaterThan(judge.get(0).messages().size());
		// The reworked result is reviewed afresh, without the last decision and comment.
		assertThat(this.runtime.getVariable(approval.getId(), "approved")).isNull();
		assertThat(this.runtime.getVariable(approval.getId(), "comment")).isEqualTo("");

		complete(approval, true, "");

		assertThat(instance).isEnded();
		assertThat(this.runs.view(run.id()).output()).containsEntry("result", "judge answer 2")
			.containsEntry("approved", true);
	}

	@ParameterizedTest(name = "{0}: {2} reworks")
	@CsvSource({ "sequential-pipeline, , editor", "parallel-fanout, , coordinator",
			"hierarchical-delegation, , project-manager", "debate, , judge", "collaborative-group, , coordinator",
			"round-robin-conversation, , writer", "selector-group-chat, , writer",
			"multi-agent-task, fanout, coordinator", "multi-agent-task, hierarchical, project-manager" })
	void everyPatternAsksForApprovalAndHasItsResultReworkedByTheAgentThatMadeIt(String process, String strategy,
			String reviser) {
		Map<String, Object> input = new HashMap<>(Map.of("task", "Plan a launch", "requireApproval", true));
		if (strategy != null) {
			input.put("strategy", strategy);
		}
		if (process.equals("debate")) {
			input.put("maxRounds", 1);
		}
		if (process.equals("collaborative-group")) {
			input.put("maxIterations", 1);
		}
		if (process.equals("round-robin-conversation") || process.equals("selector-group-chat")) {
			input.put("maxTurns", 2);
		}
		RunView run = this.runs.start(process, input);
		this.driver.runUntilQuiet();
		ProcessInstance approval = this.runtime.createProcessInstanceQuery()
			.rootProcessInstanceId(run.id())
			.processDefinitionKey(ResultApproval.KEY)
			.singleResult();
		assertThat(approval).isWaitingAt("UserTask_ApproveResult");
		assertThat(this.runtime.getVariable(approval.getId(), "reviser")).isEqualTo(reviser);
		Object reviewed = this.runtime.getVariable(approval.getId(), "result");
		int callsBefore = this.model.calls().size();

		complete(approval, false, "Shorter, please.");
		this.driver.runUntilQuiet();

		assertThat(this.model.calls()).hasSize(callsBefore + 1);
		assertThat(this.model.calls().get(callsBefore).agent()).isEqualTo(reviser);
		assertThat(this.model.calls().get(callsBefore).prompt()).contains((String) reviewed, "Shorter, please.");
		complete(approval, true, "");
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat((String) done.output().get("result")).startsWith(reviser + " answer");
		assertThat(done.output()).containsEntry("approved", true);
	}

	@Test
	void longTextsPassThroughTheRouterAndTheApprovalWhole() {
		String task = "T".repeat(100_000);
		String answer = "A".repeat(20_000);
		this.model.script("editor", (call) -> answer);
		RunView run = this.runs.start("multi-agent-task",
				Map.of("task", task, "strategy", "sequential", "requireApproval", true));
		this.driver.runUntilQuiet();
		ProcessInstance approval = this.runtime.createProcessInstanceQuery()
			.rootProcessInstanceId(run.id())
			.processDefinitionKey(ResultApproval.KEY)
			.singleResult();

		assertThat((String) this.runtime.getVariable(approval.getId(), "task")).isEqualTo(task);
		assertThat(this.runs.view(run.id()).userTasks().get(0).name())
			.isEqualTo("Approve the result: " + "T".repeat(ApprovalRules.SUBJECT_CHARS) + "…");
		assertThat((String) this.runtime.getVariable(approval.getId(), "result")).isEqualTo(answer);
		assertThat(this.model.callsOf("researcher").get(0).prompt()).contains(task);

		complete(approval, true, "");

		assertThat(this.runs.view(run.id()).output()).containsEntry("result", answer);
	}

	@Test
	void theApprovalIsOfferedToTheConfiguredGroup() {
		RunView run = aWritersRunAwaitingApproval();

		Task task = this.tasks.createTaskQuery()
			.taskId(this.runs.view(run.id()).userTasks().get(0).id())
			.singleResult();
		assertThat(this.tasks.getIdentityLinksForTask(task.getId())).extracting(IdentityLink::getGroupId)
			.containsExactly("approvers");
	}

	@Test
	void onlyMembersOfTheGroupMayDecideHoweverTheyReachTheTask() {
		RunView run = aWritersRunAwaitingApproval();
		String taskId = this.runs.view(run.id()).userTasks().get(0).id();
		// Even a group an administrator granted work on every approval task decides
		// nothing.
		if (this.authorizations.createAuthorizationQuery().groupIdIn("readers").count() == 0) {
			Authorization work = this.authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
			work.setGroupId("readers");
			work.setResource(Resources.PROCESS_DEFINITION);
			work.setResourceId(ResultApproval.KEY);
			work.addPermission(ProcessDefinitionPermissions.TASK_WORK);
			this.authorizations.saveAuthorization(work);
		}

		as("mallory", "readers",
				() -> assertThatThrownBy(() -> this.tasks.complete(taskId, withVariables("approved", true)))
					.hasMessageContaining("members of approvers")
					.hasRootCauseInstanceOf(AuthorizationException.class));
		assertThat(this.runs.view(run.id()).userTasks()).hasSize(1);

		as("ada", "approvers", () -> this.tasks.complete(taskId, withVariables("approved", true)));
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
	}

	@Test
	void onlyMembersOfTheGroupMayTakeTheTask() {
		RunView run = aWritersRunAwaitingApproval();
		String taskId = this.runs.view(run.id()).userTasks().get(0).id();
		String member = "ada" + System.nanoTime();
		this.identity.saveUser(this.identity.newUser(member));
		if (this.identity.createGroupQuery().groupId("approvers").count() == 0) {
			this.identity.saveGroup(this.identity.newGroup("approvers"));
		}
		this.identity.createMembership(member, "approvers");

		assertThatThrownBy(() -> this.tasks.claim(taskId, "mallory")).hasMessageContaining("may not take this approval")
			.hasRootCauseInstanceOf(AuthorizationException.class);
		this.tasks.claim(taskId, member);

		assertThat(this.runs.view(run.id()).userTasks()).singleElement()
			.satisfies((task) -> assertThat(task.assignee()).isEqualTo(member));
	}

	@Test
	void aReworkThatFailsShowsItsIncidentWithItsMessageOnTheRun() {
		RunView run = aWritersRunAwaitingApproval();
		this.model.failNext("writer", 3);

		complete(approvalOf(run), false, "Shorter.");
		this.driver.runUntilQuiet();

		assertThat(this.runs.view(run.id()).incidents()).singleElement().satisfies((incident) -> {
			assertThat(incident.activityId()).isEqualTo("Task_Rework");
			assertThat(incident.message()).contains("Simulated model failure");
		});
	}

	@Test
	void approvalMustBeTrueOrFalse() {
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "t", "requireApproval", "yes")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("'requireApproval' must be true or false");
	}

	@Test
	void aBroadcastHasNoSingleResultToApprove() {
		assertThatThrownBy(() -> this.runs.start("parallel-fanout",
				Map.of("task", "t", "synthesizer", "none", "requireApproval", true)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("needs one result to approve");
		assertThatThrownBy(() -> this.runs.start("multi-agent-task",
				Map.of("task", "t", "strategy", "fanout", "synthesizer", "none", "requireApproval", true)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("needs one result to approve");
	}

	/** Runs {@code action} as an authenticated person, as Tasklist and REST calls do. */
	private void as(String user, String group, Runnable action) {
		this.identity.setAuthentication(user, List.of(group));
		try {
			action.run();
		}
		finally {
			this.identity.clearAuthentication();
		}
	}

	private void complete(ProcessInstance approval, boolean approved, String comment) {
		Task task = this.tasks.createTaskQuery().processInstanceId(approval.getId()).singleResult();
		this.tasks.complete(task.getId(), withVariables("approved", approved, "comment", comment));
	}

	/**
	 * A one-writer pipeline that requires approval, run until its approval task is open.
	 */
	private RunView aWritersRunAwaitingApproval() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about agents", "agents", List.of("writer"), "requireApproval", true));
		this.driver.runUntilQuiet();
		return run;
	}

}
