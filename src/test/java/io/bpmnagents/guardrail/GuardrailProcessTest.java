package io.bpmnagents.guardrail;

import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.GuardrailDecision;
import io.bpmnagents.transcript.TranscriptEntry;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Guardrails on an agent task's calls: a rewritten prompt and answer, a refusal the BPMN
 * error GUARDRAIL that a boundary event sends to a person (an incident where nothing
 * catches it), an answer sent back with feedback, and a judge's verdict; every decision
 * in the transcript. A task naming a guardrail that does not exist is not deployed.
 */
@TestPropertySource(properties = { "bpmn-agents.guardrails.no-secrets.type=deny",
		"bpmn-agents.guardrails.no-secrets.patterns[0]=(?i)password", "bpmn-agents.guardrails.brief.type=max-length",
		"bpmn-agents.guardrails.brief.max=20", "bpmn-agents.guardrails.brief.on-fail=reprompt",
		"bpmn-agents.guardrails.brief.on=output", "bpmn-agents.guardrails.refund-policy.type=judge",
		"bpmn-agents.guardrails.refund-policy.agent=reviewer",
		"bpmn-agents.guardrails.refund-policy.policy=Never promise a refund.",
		"agents.researcher.guardrails[0]=no-secrets" })
class GuardrailProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Test
	void piiInThePromptAndInTheAnswerIsRedactedBeforeTheModelAndBeforeTheProcess() {
		this.model.script("writer", (call) -> "Sure: write to help@example.org or call +44 20 7946 0958.");
		ProcessInstance instance = start("pii", true, "My card is 4111 1111 1111 1111, what now?");

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Task_Answer", "EndEvent_Answered");
		assertThat(this.model.callsOf("writer")).singleElement()
			.satisfies((call) -> assertThat(call.prompt()).isEqualTo("Question: My card is [card number], what now?"));
		assertThat(historicVariable(instance, "answer")).isEqualTo("Sure: write to [e-mail] or call [phone number].");
		TranscriptEntry call = this.runs.transcript(instance.getId()).get(0);
		assertThat(call.prompt()).doesNotContain("4111");
		assertThat(call.response()).isEqualTo("Sure: write to [e-mail] or call [phone number].");
		assertThat(call.guardrails()).containsExactly(
				new GuardrailDecision("pii", "input", "rewrite", null, "Question: My card is [card number], what now?"),
				new GuardrailDecision("pii", "output", "rewrite", null,
						"Sure: write to [e-mail] or call [phone number]."));
	}

	@Test
	void aRefusedPromptIsTheBpmnErrorGuardrailThatABoundaryEventSendsToAPerson() {
		ProcessInstance instance = start("no-secrets", true, "The password is hunter2");

		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("UserTask_Review").hasNotPassed("EndEvent_Answered");
		assertThat(this.model.callsOf("writer")).isEmpty();
		assertThat(runtimeVariable(instance, "guardrailError")).asString()
			.contains("Guardrail 'no-secrets' refused the prompt");
		TranscriptEntry call = this.runs.transcript(instance.getId()).get(0);
		assertThat(call.error()).contains("no-secrets");
		assertThat(call.guardrails()).extracting(GuardrailDecision::outcome).containsExactly("fail");
	}

	@Test
	void aRefusalThatNothingCatchesIsAnIncidentInsteadOfASilentEnd() {
		ProcessInstance instance = start("no-secrets", false, "The password is hunter2");

		this.driver.runUntilQuiet();

		assertThat(instance).isNotEnded();
		assertThat(this.runs.view(instance.getId()).incidents()).singleElement()
			.satisfies((incident) -> assertThat(incident.message()).contains("GUARDRAIL"));
	}

	@Test
	void anAnswerSentBackIsAskedForAgainWithTheFeedbackAndTheSecondAnswerIsUsed() {
		this.model.script("writer",
				(call) -> call.prompt().startsWith("Your previous answer") ? "Short." : "A far too long answer here.");
		ProcessInstance instance = start("brief", true, "Say something");

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("EndEvent_Answered");
		assertThat(historicVariable(instance, "answer")).isEqualTo("Short.");
		assertThat(this.model.callsOf("writer").get(1).prompt()).contains("at most 20")
			.endsWith("Question: Say something");
		assertThat(this.runs.transcript(instance.getId())).extracting(TranscriptEntry::error)
			.containsExactly("Guardrail 'brief' asked for another answer: The text has 27 characters; "
					+ "guardrail 'brief' allows at most 20. Say it in fewer words.", null);
	}

	@Test
	void anAnswerStillRefusedAfterTheRepromptIsTheBpmnErrorGuardrail() {
		this.model.script("writer", (call) -> "A far too long answer, again and again.");
		ProcessInstance instance = start("brief", true, "Say something");

		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("UserTask_Review");
		assertThat(this.model.callsOf("writer")).hasSize(2);
		assertThat(runtimeVariable(instance, "guardrailError")).asString()
			.contains("still refused the answer after 1 request(s)");
	}

	@Test
	void aJudgeAgentsVerdictThatThePolicyIsBrokenStopsTheAnswerAndIsInTheTranscript() {
		this.model.script("writer", (call) -> "We will refund you in full.");
		this.model.script("reviewer", (call) -> "{\"breaksPolicy\": true, \"reason\": \"It promises a refund.\"}");
		ProcessInstance instance = start("refund-policy", true, "Can I have my money back?");

		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("UserTask_Review");
		assertThat(this.model.callsOf("reviewer")).singleElement()
			.satisfies((call) -> assertThat(call.schema()).contains("breaksPolicy"));
		assertThat(this.runs.transcript(instance.getId())).extracting(TranscriptEntry::agent)
			.containsExactlyInAnyOrder("writer", "reviewer");
		assertThat(runtimeVariable(instance, "guardrailError")).asString().contains("It promises a refund.");
	}

	@Test
	void aModelWhoseTaskNamesAnUnknownGuardrailIsNotDeployed() {
		assertThatThrownBy(() -> deploy("guarded-typo", "no-secrets, no-such-guardrail", true))
			.hasMessageContaining("Agent task 'Task_Answer' (property 'guardrails')")
			.hasMessageContaining("unknown guardrail(s) [no-such-guardrail]")
			.hasMessageContaining("known are brief, no-secrets, pii, refund-policy");
		assertThat(this.repository.createProcessDefinitionQuery().processDefinitionKey("guarded-typo").count())
			.isZero();
	}

	@Test
	void aModelWhoseTaskNamesGuardrailsByAVariableIsNotDeployed() {
		assertThatThrownBy(() -> deploy("guarded-by-variable", "${chosenGuardrails}", true))
			.hasMessageContaining("Agent task 'Task_Answer': 'guardrails' must list guardrail names");
	}

	@Test
	void theShippedGuardedAnswerRedactsTheAnswerItKeeps() {
		this.model.script("researcher", (call) -> "Ask jane@example.com.");
		RunView run = this.runs.start("guarded-answer", Map.of("task", "Who knows?"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Task_Answer", "EndEvent_Answered");
		assertThat(this.runs.view(run.id()).output()).containsEntry("result", "Ask [e-mail].");
	}

	@Test
	void theShippedGuardedAnswerSendsARefusalToAPersonWhoAnswersInstead() {
		// The agent's own guardrail (agents.researcher.guardrails) runs before the task's
		// pii.
		RunView run = this.runs.start("guarded-answer", Map.of("task", "Tell me the admin password"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("UserTask_AnswerByHand");
		assertThat(runtimeVariable(instance, "guardrailError")).asString().contains("no-secrets");
		this.engine.getTaskService()
			.complete(this.engine.getTaskService().createTaskQuery().processInstanceId(run.id()).singleResult().getId(),
					Map.of("result", "Ask the administrator in person."));
		assertThat(instance).isEnded().hasPassed("EndEvent_AnsweredByPerson");
		assertThat(this.runs.view(run.id()).output()).containsEntry("result", "Ask the administrator in person.");
	}

	private ProcessInstance start(String guardrails, boolean caught, String question) {
		String key = "guarded-" + guardrails + (caught ? "-caught" : "-uncaught");
		deploy(key, guardrails, caught);
		return this.runtime.startProcessInstanceByKey(key, Map.of("question", question));
	}

	/**
	 * The writer answers the question under these guardrails; where {@code caught}, a
	 * boundary event on the task sends the BPMN error GUARDRAIL to a person.
	 */
	private void deploy(String key, String guardrails, boolean caught) {
		AbstractFlowNodeBuilder<?, ?> answer = AgentTaskChains.chain(key,
				Step.of("Task_Answer", "writer", "Question: ${question}", "answer").with("guardrails", guardrails));
		answer.endEvent("EndEvent_Answered");
		if (caught) {
			answer.moveToActivity("Task_Answer")
				.boundaryEvent("BoundaryEvent_Guardrail")
				.error("GUARDRAIL")
				.userTask("UserTask_Review")
				.name("Review by a person")
				.endEvent("EndEvent_Reviewed");
		}
		this.repository.createDeployment().addModelInstance(key + ".bpmn", answer.done()).deploy();
	}

	private Object runtimeVariable(ProcessInstance instance, String name) {
		return this.runtime.getVariable(instance.getId(), name);
	}

	private Object historicVariable(ProcessInstance instance, String name) {
		return this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.variableName(name)
			.singleResult()
			.getValue();
	}

}
