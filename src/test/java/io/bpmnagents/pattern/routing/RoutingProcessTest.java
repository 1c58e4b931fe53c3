package io.bpmnagents.pattern.routing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

class RoutingProcessTest extends PatternProcessTest {

	@Autowired
	TaskService tasks;

	/** The coordinator (the default classifier) gives these answers in order. */
	private void classifierAnswers(String... answers) {
		Deque<String> queue = new ArrayDeque<>(List.of(answers));
		this.model.script("coordinator", (call) -> (queue.size() > 1) ? queue.poll() : queue.peek());
	}

	@ParameterizedTest
	@CsvSource({ "billing, billing-specialist", "technical, developer", "general, writer", "' Technical.', developer",
			"'{\"route\": \"billing\"}', billing-specialist" })
	void theClassifiersRouteDecidesWhichAgentAnswers(String answer, String specialist) {
		classifierAnswers(answer);

		RunView run = this.runs.start("routing", Map.of("task", "I was charged twice for March"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("Task_Classify", "Task_Specialist", "EndEvent_RequestAnswered")
			.hasNotPassed("CallActivity_RouteProcess");
		assertThat(this.model.callsOf("coordinator")).singleElement().satisfies((call) -> {
			assertThat(call.json()).isTrue();
			assertThat(call.prompt()).contains("I was charged twice for March")
				.endsWith("Answer with exactly one of: billing, technical, general.");
		});
		assertThat(this.model.callsOf(specialist)).singleElement()
			.satisfies((call) -> assertThat(call.prompt()).contains("I was charged twice for March"));
		assertThat(this.model.calls()).hasSize(2);
		RunView done = this.runs.view(run.id());
		String route = this.model.callsOf(specialist).get(0).prompt().replaceFirst("(?s)^Answer this (\\w+) .*", "$1");
		assertThat(done.output()).containsEntry("route", route)
			.containsEntry("routeFallback", false)
			.containsEntry("result", specialist + " answer 1");
	}

	@Test
	void anAnswerOutsideTheRoutesIsAskedAgainOnceNamingTheChoices() {
		classifierAnswers("Sales, I think", "technical");

		RunView run = this.runs.start("routing", Map.of("task", "The app crashes on start"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("coordinator")).hasSize(2);
		assertThat(this.model.callsOf("coordinator").get(1).prompt())
			.startsWith("Your previous answer could not be used: \"Sales, I think\" is not one of the choices. "
					+ "Answer with exactly one of: billing, technical, general (the choice alone).")
			.contains("The app crashes on start");
		assertThat(this.model.callsOf("developer")).hasSize(1);
		assertThat(this.runs.view(run.id()).output()).containsEntry("route", "technical")
			.containsEntry("routeFallback", false);
	}

	@Test
	void aSecondAnswerOutsideTheRoutesTakesTheFallbackAndRecordsIt() {
		classifierAnswers("sales");

		RunView run = this.runs.start("routing", Map.of("task", "Can I get a discount?", "fallback", "billing"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("coordinator")).hasSize(2);
		assertThat(this.model.callsOf("billing-specialist")).hasSize(1);
		assertThat(this.runs.view(run.id()).output()).containsEntry("route", "billing")
			.containsEntry("routeFallback", true)
			.containsEntry("result", "billing-specialist answer 1");
	}

	@Test
	void aRouteMayNameAProcessThatAnswersThroughACallActivity() {
		classifierAnswers("research");

		RunView run = this.runs.start("routing", Map.of("task", "Compare three note-taking apps", "routes",
				"research=process:sequential-pipeline, general=writer"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("Task_Classify", "CallActivity_RouteProcess", "EndEvent_RequestAnswered")
			.hasNotPassed("Task_Specialist");
		// The pipeline's own defaults: researcher, writer, editor.
		assertThat(this.model.calls()).extracting((call) -> call.agent())
			.containsExactly("coordinator", "researcher", "writer", "editor");
		assertThat(this.model.callsOf("researcher").get(0).prompt()).contains("Compare three note-taking apps");
		assertThat(this.runs.view(run.id()).output()).containsEntry("route", "research")
			.containsEntry("result", "editor answer 1");
	}

	@Test
	void aFallbackThatIsNotARouteIsRefusedNamingTheRoutes() {
		assertThatThrownBy(() -> this.runs.start("routing", Map.of("task", "Hello", "fallback", "sales")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessage("Input field 'fallback' must be one of the names in 'routes': billing, technical, general; "
					+ "not 'sales'.");
		assertThat(this.model.calls()).isEmpty();
	}

	@Test
	void theDefaultFallbackMustBeOneOfTheRunsOwnRoutes() {
		assertThatThrownBy(() -> this.runs.start("routing",
				Map.of("task", "Hello", "routes", "billing=billing-specialist, technical=developer")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("'fallback' must be one of the names in 'routes': billing, technical; not 'general'");
	}

	@Test
	void aRouteToAnUnknownAgentIsRefusedNamingTheKnownOnes() {
		assertThatThrownBy(
				() -> this.runs.start("routing", Map.of("task", "Hello", "routes", "general=writer, legal=lawyer")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageStartingWith("Unknown agent 'lawyer' for 'legal' in 'routes'. Known agents: ")
			.hasMessageContaining("billing-specialist, coordinator")
			.hasMessageEndingWith("(or process:<process id>).");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "general=writer, =developer|found \"=developer\"",
			"general=writer, research=process:|names no process", "' , '|at least one name=handler entry" })
	void routesThatAreNotNameHandlerEntriesAreRefused(String routes, String message) {
		assertThatThrownBy(
				() -> this.runs.start("routing", Map.of("task", "Hello", "routes", routes, "fallback", "general")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("'routes'")
			.hasMessageContaining(message);
	}

	@Test
	void anUnknownClassifierIsRefused() {
		assertThatThrownBy(() -> this.runs.start("routing", Map.of("task", "t", "classifier", "oracle")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("Unknown agent 'oracle'");
	}

	@Test
	void withApprovalThePersonsCommentGoesToTheRoutesAgent() {
		classifierAnswers("technical");
		RunView run = this.runs.start("routing", Map.of("task", "The app crashes", "requireApproval", true));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();
		ProcessInstance approval = approvalOf(run);
		assertThat(approval).isWaitingAt("UserTask_ApproveResult");
		assertThat(this.runtime.getVariable(approval.getId(), "reviser")).isEqualTo("developer");

		sendBackOnceThenApprove(approval, "Add the steps to reproduce.");

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("developer")).hasSize(2);
		assertThat(this.model.callsOf("developer").get(1).prompt()).contains("Add the steps to reproduce.");
		assertThat(this.runs.view(run.id()).output()).containsEntry("result", "developer answer 2");
	}

}
