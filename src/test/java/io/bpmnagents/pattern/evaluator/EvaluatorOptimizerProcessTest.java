package io.bpmnagents.pattern.evaluator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

class EvaluatorOptimizerProcessTest extends PatternProcessTest {

	@Autowired
	TaskService tasks;

	@Autowired
	ExternalTaskService externalTasks;

	@Autowired
	TranscriptStore transcript;

	/** The reviewer (the default evaluator) gives these answers in order. */
	private void evaluatorAnswers(String... answers) {
		Deque<String> queue = new ArrayDeque<>(List.of(answers));
		this.model.script("reviewer", (call) -> (queue.size() > 1) ? queue.poll() : queue.peek());
	}

	private static String verdict(String verdict, String feedback) {
		return "{\"verdict\": \"" + verdict + "\", \"feedback\": \"" + feedback + "\"}";
	}

	@Test
	void aDraftThatPassesAtOnceEndsAfterOneEvaluation() {
		evaluatorAnswers(verdict("pass", "Clear and complete."));

		RunView run = this.runs.start("evaluator-optimizer", Map.of("task", "Write a haiku about autumn"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("Task_Draft", "Task_Evaluate", "Gateway_Verdict", "Gateway_DraftFinal",
					"EndEvent_DraftDelivered")
			.hasNotPassed("Task_Revise");
		assertThat(this.model.callsOf("writer")).hasSize(1);
		assertThat(this.model.callsOf("reviewer")).singleElement().satisfies((call) -> {
			// The fields travel as a schema and as words, for models without schemas.
			assertThat(call.json()).isTrue();
			assertThat(call.prompt()).contains("writer answer 1")
				.endsWith("Answer with a JSON object with the fields: verdict (one of: pass, revise), feedback.");
		});
		RunView done = this.runs.view(run.id());
		assertThat(done.output()).containsEntry("result", "writer answer 1").containsEntry("verdict", "pass");
		assertThat(done.output().get("rounds")).asList()
			.containsExactly(Map.of("agent", "reviewer", "draft", "writer answer 1", "verdict", "pass", "feedback",
					"Clear and complete."));
	}

	@Test
	void theGeneratorRevisesWithTheFeedbackUntilTheVerdictPasses() {
		evaluatorAnswers(verdict("revise", "Too long."), verdict("Revise", "Needs a season word."),
				verdict("pass", "Good."));

		RunView run = this.runs.start("evaluator-optimizer", Map.of("task", "Write a haiku about autumn"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		// 1 draft + 3 evaluations + 2 revisions
		assertThat(this.model.callsOf("writer")).hasSize(3);
		assertThat(this.model.callsOf("reviewer")).hasSize(3);
		assertThat(this.model.callsOf("writer").get(1).prompt()).contains("writer answer 1").contains("Too long.");
		assertThat(this.model.callsOf("writer").get(2).prompt()).contains("writer answer 2")
			.contains("Needs a season word.");
		RunView done = this.runs.view(run.id());
		assertThat(done.output()).containsEntry("result", "writer answer 3").containsEntry("verdict", "pass");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> rounds = (List<Map<String, Object>>) done.output().get("rounds");
		// A verdict is stored as the model lists it, whatever case the model used.
		assertThat(rounds).extracting((round) -> round.get("draft") + " -> " + round.get("verdict"))
			.containsExactly("writer answer 1 -> revise", "writer answer 2 -> revise", "writer answer 3 -> pass");
	}

	@Test
	void theLoopStopsAfterMaxRoundsEvaluationsWithoutAPass() {
		evaluatorAnswers(verdict("revise", "Still weak."));

		RunView run = this.runs.start("evaluator-optimizer", Map.of("task", "Write a haiku", "maxRounds", 2));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Gateway_RoundsLeft", "Gateway_DraftFinal");
		// 1 draft + 2 evaluations + 1 revision: no revision that nobody would evaluate
		assertThat(this.model.callsOf("writer")).hasSize(2);
		assertThat(this.model.callsOf("reviewer")).hasSize(2);
		RunView done = this.runs.view(run.id());
		assertThat(done.output()).containsEntry("result", "writer answer 2").containsEntry("verdict", "revise");
		assertThat(done.output().get("rounds")).asList().hasSize(2);
	}

	@Test
	void anEvaluationThatIsNotJsonIsSentBackOnceWithWhatWasWrong() {
		evaluatorAnswers("Looks fine to me!", "```json\n" + verdict("pass", "Fine.") + "\n```");

		RunView run = this.runs.start("evaluator-optimizer", Map.of("task", "Write a haiku"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("reviewer")).hasSize(2);
		assertThat(this.model.callsOf("reviewer").get(1).prompt()).startsWith("Your previous answer could not be used")
			.contains("not a JSON object")
			.contains("The question again:")
			.contains("writer answer 1");
		assertThat(this.runs.view(run.id()).output()).containsEntry("verdict", "pass");
		// Both questions are in the transcript.
		assertThat(this.transcript.forRun(run.id())).filteredOn((call) -> call.agent().equals("reviewer")).hasSize(2);
	}

	@Test
	void aVerdictOutsideItsValuesTwiceIsAnIncidentThatARetryAsksAfresh() {
		evaluatorAnswers(verdict("maybe", "Hmm."));

		RunView run = this.runs.start("evaluator-optimizer", Map.of("task", "Write a haiku"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isNotEnded().isWaitingAt("Task_Evaluate");
		assertThat(this.runs.view(run.id()).incidents()).singleElement().satisfies((incident) -> {
			assertThat(incident.activityId()).isEqualTo("Task_Evaluate");
			assertThat(incident.message()).contains("answered twice")
				.contains("'verdict' must be one of pass, revise, not \"maybe\"");
		});
		assertThat(this.model.callsOf("reviewer")).hasSize(2);

		// Someone fixes the cause; Cockpit's "Retry" asks again instead of reusing the
		// answers that caused the incident.
		evaluatorAnswers(verdict("pass", "Fine now."));
		String taskId = this.externalTasks.createExternalTaskQuery().processInstanceId(run.id()).singleResult().getId();
		this.externalTasks.setRetries(taskId, 1);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("reviewer")).hasSize(3);
		assertThat(this.runs.view(run.id()).output()).containsEntry("verdict", "pass");
	}

	@Test
	void aModelErrorOnTheFollowUpIsRetriedWithoutAskingTheFirstQuestionAgain() {
		AtomicInteger asked = new AtomicInteger();
		this.model.script("reviewer", (call) -> switch (asked.incrementAndGet()) {
			case 1 -> verdict("maybe", "Hmm.");
			case 2 -> throw new IllegalStateException("The model server is down");
			default -> verdict("pass", "Fine.");
		});

		RunView run = this.runs.start("evaluator-optimizer", Map.of("task", "Write a haiku"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		List<FakeModel.Call> calls = this.model.callsOf("reviewer");
		assertThat(calls).hasSize(3);
		// The redelivered task reused the recorded first answer and asked only the
		// follow-up again.
		assertThat(calls.get(1).prompt()).startsWith("Your previous answer could not be used");
		assertThat(calls.get(2).prompt()).isEqualTo(calls.get(1).prompt());
		assertThat(this.runs.view(run.id()).output()).containsEntry("verdict", "pass");
	}

	@Test
	void aRoundCountOfZeroIsRefused() {
		assertThatThrownBy(() -> this.runs.start("evaluator-optimizer", Map.of("task", "t", "maxRounds", 0)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("maxRounds");
	}

	@Test
	void anUnknownEvaluatorIsRefused() {
		assertThatThrownBy(() -> this.runs.start("evaluator-optimizer", Map.of("task", "t", "evaluator", "critic")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("Unknown agent 'critic'");
	}

	@Test
	void withApprovalAPersonSeesTheFinalDraftAndTheGeneratorReworksIt() {
		evaluatorAnswers(verdict("pass", "Good."));
		RunView run = this.runs.start("evaluator-optimizer", Map.of("task", "Write a haiku", "requireApproval", true));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();
		ProcessInstance approval = approvalOf(run);
		assertThat(approval).isWaitingAt("UserTask_ApproveResult");
		assertThat(this.runtime.getVariable(approval.getId(), "result")).isEqualTo("writer answer 1");
		assertThat(this.runtime.getVariable(approval.getId(), "reviser")).isEqualTo("writer");

		sendBackOnceThenApprove(approval, "Shorter.");

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("writer")).hasSize(2);
		assertThat(this.model.callsOf("writer").get(1).prompt()).contains("writer answer 1", "Shorter.");
		assertThat(this.runs.view(run.id()).output()).containsEntry("result", "writer answer 2")
			.containsEntry("approved", true);
	}

}
