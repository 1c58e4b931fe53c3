package io.bpmnagents.run;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.worker.AgentTaskWorker;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The deadline of every pattern: the 'Deadline' timer event subprocess and run-deadline.
 * Time moves by the engine's clock; timers fire by running their jobs.
 */
class DeadlineProcessTest extends PatternProcessTest {

	@Autowired
	AgentTaskWorker worker;

	@Autowired
	ManagementService management;

	@Autowired
	TaskService tasks;

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void whenTheDeadlinePassesTheRunEndsTimedOutWithWhatItHasSoFar() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about tides", "agents", List.of("researcher", "writer"), "deadline", "PT10M"));
		ProcessInstance instance = instance(run);
		this.worker.runAvailable();

		passTime(run, Duration.ofMinutes(11));

		assertThat(instance).isEnded().hasPassed("StartEvent_Deadline", "EndEvent_EndedEarly");
		assertThat(this.runs.transcript(run.id())).hasSize(1);
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.TIMED_OUT);
		assertThat(done.endedBy()).isEqualTo("deadline");
		assertThat(done.endMessage()).contains("PT10M");
		assertThat(done.output()).containsEntry("result", answerOf(run, "researcher"));
		assertThat(done.usage().calls()).isEqualTo(1);
		assertThat(this.runs.transcript(run.id())).hasSize(1);
		assertThat(this.engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.id()).count())
			.isZero();
	}

	@Test
	void whenTheDeadlinePassesASelectorGroupChatEndsTimedOutAndSaysTheDeadlineEndedIt() {
		this.model.script("coordinator", (call) -> "{\"nextSpeaker\": \"writer\"}");
		RunView run = this.runs.start("selector-group-chat",
				Map.of("task", "Plan a launch", "maxTurns", 10, "deadline", "PT10M"));
		ProcessInstance instance = instance(run);
		this.worker.runAvailable();

		passTime(run, Duration.ofMinutes(11));

		assertThat(instance).isEnded()
			.hasPassed("Task_SelectSpeaker", "StartEvent_Deadline", "EndEvent_EndedEarly")
			.hasNotPassed("EndEvent_ConversationEnded");
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.TIMED_OUT);
		assertThat(done.endedBy()).isEqualTo("deadline");
		assertThat(done.output()).containsEntry("endedBy", "deadline");
		assertThat(this.engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.id()).count())
			.isZero();
	}

	@Test
	void whenTheDeadlinePassesWhileAnAgentWaitsForAPersonTheRunEndsTimedOutAndTheQuestionGoesAway() {
		this.model.callToolThenAnswer("researcher", "person-answers",
				"{\"question\": \"When does the shop open on Sundays?\"}", "The shop opens at ");
		RunView run = this.runs.start("ask-a-person",
				Map.of("task", "Tell a customer when the shop opens on Sundays", "deadline", "PT10M"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();
		assertThat(instance).isWaitingAt("CallActivity_Tools");
		ProcessInstance asked = calledBy(run);
		assertThat(this.tasks.createTaskQuery().processInstanceId(asked.getId()).singleResult().getTaskDefinitionKey())
			.isEqualTo("UserTask_Answer");

		passTime(run, Duration.ofMinutes(11));

		assertThat(instance).isEnded()
			.hasPassed("StartEvent_Deadline", "EndEvent_EndedEarly")
			.hasNotPassed("EndEvent_Answered");
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.TIMED_OUT);
		assertThat(done.endedBy()).isEqualTo("deadline");
		assertThat(this.runtime.createProcessInstanceQuery().rootProcessInstanceId(run.id()).count()).isZero();
		assertThat(asked).isEnded();
		assertThat(this.tasks.createTaskQuery().processInstanceId(asked.getId()).count()).isZero();
		// The agent was never called back with an answer.
		assertThat(this.model.callsOf("researcher")).filteredOn((call) -> call.tools().contains("person-answers"))
			.hasSize(1);
	}

	@Test
	void beforeTheDeadlineTheRunGoesOnAndItsTimerEndsWithIt() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about tides", "agents", List.of("researcher"), "deadline", "PT10M"));
		ProcessInstance instance = instance(run);
		passTime(run, Duration.ofMinutes(9));

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("EndEvent_ResultReady").hasNotPassed("StartEvent_Deadline");
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(this.management.createJobQuery().processInstanceId(run.id()).count()).isZero();
	}

	@Test
	void withoutADeadlineTheTimerIsEffectivelyNeverDue() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Write about tides"));

		Job timer = this.management.createJobQuery().processInstanceId(run.id()).timers().singleResult();

		assertThat(timer.getDuedate())
			.isAfter(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofDays(36000))));
	}

	@Test
	void aCalledPatternLeavesTheDeadlineToItsCaller() {
		RunView run = this.runs.start("multi-agent-task",
				Map.of("task", "Ship the notes", "strategy", "sequential", "deadline", "PT10M"));

		List<Job> timers = timersOf(run);

		Date soon = Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofHours(1)));
		assertThat(timers).filteredOn((job) -> job.getDuedate().before(soon))
			.extracting(Job::getProcessInstanceId)
			.containsExactly(run.id());
	}

	@Test
	void withEscalationAPersonIsAskedAndTheRunWaits() {
		RunView run = startEscalated();

		passTime(run, Duration.ofMinutes(11));

		Task decision = decision(run);
		assertThat(decision.getName()).isEqualTo("Decide on the late run");
		assertThat(this.tasks.getIdentityLinksForTask(decision.getId())).extracting((link) -> link.getGroupId())
			.contains("approvers");
		RunView waiting = this.runs.view(run.id());
		assertThat(waiting.status()).isEqualTo(RunView.Status.RUNNING);
		assertThat(waiting.userTasks()).extracting(RunView.UserTaskView::activityId)
			.containsExactly("UserTask_DecideOnLateRun");
	}

	@Test
	void aPersonExtendsTheDeadlineAndTheRunFinishesItsWork() {
		RunView run = startEscalated();
		passTime(run, Duration.ofMinutes(11));

		this.tasks.complete(decision(run).getId(), Map.of("deadlineDecision", "extend", "extension", "PT5M"));
		this.driver.runUntilQuiet();

		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(done.output()).containsEntry("result", answerOf(run, "writer"));
		assertThat(this.runs.transcript(run.id())).hasSize(2);
	}

	@Test
	void whenTheExtensionIsOverThePersonIsAskedAgain() {
		RunView run = startEscalated();
		passTime(run, Duration.ofMinutes(11));
		this.tasks.complete(decision(run).getId(), Map.of("deadlineDecision", "extend", "extension", "PT5M"));

		passTime(run, Duration.ofMinutes(6));

		assertThat(decision(run)).isNotNull();
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.RUNNING);
	}

	@Test
	void anExtensionThatIsNoDurationIsRefusedAndThePersonIsStillAsked() {
		RunView run = startEscalated();
		passTime(run, Duration.ofMinutes(11));
		String task = decision(run).getId();

		assertThatThrownBy(() -> this.tasks.complete(task, Map.of("deadlineDecision", "extend", "extension", "soon")))
			.isInstanceOf(ProcessEngineException.class);
		assertThatThrownBy(() -> this.tasks.complete(task, Map.of("deadlineDecision", "later")))
			.isInstanceOf(ProcessEngineException.class);

		assertThat(decision(run).getId()).isEqualTo(task);
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.RUNNING);
	}

	@Test
	void aPersonFinishesTheRunWithWhatItHas() {
		RunView run = startEscalated();
		passTime(run, Duration.ofMinutes(11));

		this.tasks.complete(decision(run).getId(), Map.of("deadlineDecision", "finish"));

		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.TIMED_OUT);
		assertThat(done.endedBy()).isEqualTo("deadline");
		assertThat(done.endMessage()).contains("chose to finish");
		assertThat(done.output()).containsEntry("result", answerOf(run, "researcher"));
		assertThat(this.engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.id()).count())
			.isZero();
	}

	@Test
	void aPersonCancelsTheRun() {
		RunView run = startEscalated();
		passTime(run, Duration.ofMinutes(11));

		this.tasks.complete(decision(run).getId(), Map.of("deadlineDecision", "cancel"));

		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.STOPPED);
		assertThat(done.endedBy()).isEqualTo("stop");
		assertThat(done.endMessage()).contains("cancelled");
	}

	/**
	 * A pipeline of two with a 10-minute deadline for approvers, its first stage done.
	 */
	private RunView startEscalated() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Write about tides", "agents",
				List.of("researcher", "writer"), "deadline", "PT10M", "escalateTo", "approvers"));
		this.worker.runAvailable();
		return run;
	}

	private Task decision(RunView run) {
		return this.tasks.createTaskQuery()
			.taskDefinitionKey("UserTask_DecideOnLateRun")
			.list()
			.stream()
			.filter((task) -> this.runtime.createProcessInstanceQuery()
				.processInstanceId(task.getProcessInstanceId())
				.rootProcessInstanceId(run.id())
				.count() > 0)
			.findFirst()
			.orElse(null);
	}

	/**
	 * What the agent answered in this run, from its transcript: the fake model numbers
	 * its answers by the agent's calls in the whole shared context, where a run an
	 * earlier test left waiting may take a turn first.
	 */
	private String answerOf(RunView run, String agent) {
		List<String> answers = this.runs.transcript(run.id())
			.stream()
			.filter((call) -> agent.equals(call.agent()))
			.map((call) -> call.response())
			.toList();
		assertThat(answers).as("%s's answers in the run", agent).hasSize(1);
		return answers.get(0);
	}

	/** Moves the engine's clock on and fires the run's timers that are then due. */
	private void passTime(RunView run, Duration duration) {
		ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(duration)));
		for (Job job : timersOf(run)) {
			if (!job.getDuedate().after(ClockUtil.getCurrentTime())) {
				this.management.executeJob(job.getId());
			}
		}
	}

	/** The timers of the run and the processes it called. */
	private List<Job> timersOf(RunView run) {
		return this.runtime.createProcessInstanceQuery()
			.rootProcessInstanceId(run.id())
			.list()
			.stream()
			.flatMap((instance) -> this.management.createJobQuery()
				.processInstanceId(instance.getId())
				.timers()
				.list()
				.stream())
			.toList();
	}

}
