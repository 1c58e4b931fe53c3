package io.bpmnagents.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.agent.AgentRegistryFixtures;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.bpm.engine.variable.value.StringValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contracts of the built-in processes, read from their forms as deployed, check input
 * as a person starting a run needs: defaults filled in, wrong values named by field.
 */
class InputCheckTest {

	private final InputCheck check = new InputCheck(AgentRegistryFixtures.of("researcher", "writer", "editor",
			"coordinator", "developer", "reviewer", "proponent", "opponent", "judge"), 50);

	private static ProcessContract contractOf(String process, Map<String, String> properties) throws Exception {
		return FormContracts.parse(Files.readString(Path.of("processes", process + ".form")), properties, List.of());
	}

	private static Object value(Map<String, TypedValue> checked, String name) {
		return checked.get(name).getValue();
	}

	@Test
	void givenOnlyATaskThenTheFormsDefaultsAreFilledIn() throws Exception {
		Map<String, TypedValue> checked = this.check.check(contractOf("debate", Map.of()), Map.of("task", "Tabs"));

		assertThat(value(checked, "maxRounds")).isEqualTo(3);
		assertThat(value(checked, "proponent")).isEqualTo("proponent");
		assertThat(value(checked, "judge")).isEqualTo("judge");
		assertThat(value(checked, "requireApproval")).isEqualTo(false);
		assertThat(checked.get("task")).as("a short text is a String, shown inline in Cockpit")
			.isInstanceOf(StringValue.class);
		assertThat(this.check.check(contractOf("debate", Map.of()), Map.of("task", "x".repeat(4001))).get("task"))
			.as("a long text is kept whole as JSON")
			.isInstanceOf(ObjectValue.class);
	}

	@Test
	void everyPatternDeclaresTheRunsLimitsAndNoneHasADefault() throws Exception {
		for (String process : List.of("sequential-pipeline", "parallel-fanout", "hierarchical-delegation", "debate",
				"collaborative-group", "round-robin-conversation", "multi-agent-task", "evaluator-optimizer", "routing",
				"selector-group-chat", "ask-a-person")) {
			ProcessContract contract = contractOf(process, Map.of());

			assertThat(contract.inputs()).as(process)
				.filteredOn((field) -> List.of("deadline", "escalateTo", "maxCalls", "maxTokens", "maxCost")
					.contains(field.name()))
				.extracting(InputField::type)
				.containsExactly(InputType.DURATION, InputType.PERSON, InputType.NUMBER, InputType.NUMBER,
						InputType.NUMBER);
			Map<String, TypedValue> checked = new InputCheck(AgentRegistryFixtures.of("researcher", "writer", "editor",
					"developer", "designer", "tester", "billing-specialist", "reviewer", "coordinator",
					"project-manager", "proponent", "opponent", "judge"), 50)
				.check(contract, Map.of("task", "t"));
			assertThat(checked).as(process)
				.doesNotContainKeys("deadline", "escalateTo", "maxCalls", "maxTokens", "maxCost");
		}
	}

	@Test
	void aDeadlineIsKeptAsTheDurationTextATimerReads() throws Exception {
		Map<String, TypedValue> checked = this.check.check(contractOf("debate", Map.of()),
				Map.of("task", "t", "deadline", " PT1H30M ", "maxCalls", 20, "maxCost", 0.25));

		assertThat(value(checked, "deadline")).isEqualTo("PT1H30M");
		assertThat(value(checked, "maxCalls")).isEqualTo(20);
		assertThat(value(checked, "maxCost")).isEqualTo(0.25);
	}

	@Test
	void anEscalationToSomeoneUnknownIsRefusedByTheCheckGivenWhoIsKnown() throws Exception {
		InputCheck known = new InputCheck(
				AgentRegistryFixtures.of("researcher", "writer", "editor", "proponent", "opponent", "judge"), 50,
				"approvers"::equals);

		assertThat(value(known.check(contractOf("debate", Map.of()), Map.of("task", "t", "escalateTo", "approvers")),
				"escalateTo"))
			.isEqualTo("approvers");
		assertThatThrownBy(
				() -> known.check(contractOf("debate", Map.of()), Map.of("task", "t", "escalateTo", "nobody")))
			.isInstanceOfSatisfying(InvalidInputException.class, (ex) -> assertThat(ex.field()).isEqualTo("escalateTo"))
			.hasMessageContaining("neither a user nor a group");
	}

	@Test
	void givenATaglistSentAsJsonTextThenItBecomesAListOfAgents() throws Exception {
		Map<String, Object> input = new HashMap<>();
		input.put("task", "t");
		input.put("agents", new Object() {
			@Override
			public String toString() {
				return "[\"writer\",\"editor\"]";
			}
		});

		Map<String, TypedValue> checked = this.check.check(contractOf("sequential-pipeline", Map.of()), input);

		assertThat(value(checked, "agents")).isEqualTo(List.of("writer", "editor"));
	}

	@Test
	void givenAnEmptyOptionalFieldThenItsDefaultApplies() throws Exception {
		Map<String, TypedValue> checked = this.check.check(contractOf("round-robin-conversation", Map.of()),
				Map.of("task", "t", "terminationPhrase", ""));

		assertThat(value(checked, "terminationPhrase")).isEqualTo("TASK_COMPLETE");
	}

	@Test
	void aLoopCountIsCappedByTheConfiguration() throws Exception {
		ProcessContract debate = contractOf("debate", Map.of());

		assertThatThrownBy(() -> this.check.check(debate, Map.of("task", "t", "maxRounds", 51)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessage("Input field 'maxRounds' must be between 1 and 50 (bpmn-agents.runs.max-loop-count), was 51.");
		assertThatThrownBy(() -> this.check.check(debate, Map.of("task", "t", "maxRounds", 2.5)))
			.hasMessageContaining("must be a whole number");
		assertThat(value(this.check.check(debate, Map.of("task", "t", "maxRounds", 50)), "maxRounds")).isEqualTo(50);
	}

	@Test
	void aRequiredFieldThatIsBlankIsRefused() throws Exception {
		assertThatThrownBy(() -> this.check.check(contractOf("debate", Map.of()), Map.of("task", "  ")))
			.isInstanceOf(InvalidInputException.class)
			.extracting((ex) -> ((InvalidInputException) ex).field())
			.isEqualTo("task");
	}

	@Test
	void anAgentFieldAcceptsItsExtraValueAndAgentsOfTheRegistryOnly() throws Exception {
		ProcessContract fanout = contractOf("parallel-fanout", Map.of());

		assertThat(value(this.check.check(fanout, Map.of("task", "t", "synthesizer", "none")), "synthesizer"))
			.isEqualTo("none");
		assertThatThrownBy(() -> this.check.check(fanout, Map.of("task", "t", "synthesizer", "poet")))
			.hasMessageContaining("Unknown agent 'poet' in 'synthesizer'")
			.hasMessageContaining("writer");
	}

	@Test
	void aChoiceOutsideTheListIsRefusedWithTheList() throws Exception {
		assertThatThrownBy(
				() -> this.check.check(contractOf("multi-agent-task", Map.of()), Map.of("task", "t", "strategy", "x")))
			.hasMessage("Input field 'strategy' must be one of hierarchical, parallel, sequential, fanout, not 'x'.");
	}

	@Test
	void approvalOfARunWithoutOneResultIsRefusedByTheNamedRule() throws Exception {
		ProcessContract fanout = contractOf("parallel-fanout", Map.of("noResultWhen", "synthesizer=none"));

		assertThatThrownBy(
				() -> this.check.check(fanout, Map.of("task", "t", "synthesizer", "none", "requireApproval", true)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("'requireApproval' needs one result to approve");
		assertThat(value(this.check.check(fanout, Map.of("task", "t", "requireApproval", true)), "requireApproval"))
			.isEqualTo(true);
	}

	@Test
	void aFieldNoOneDeclaredIsRefusedWithTheAcceptedOnes() {
		assertThatThrownBy(() -> InputCheck.onlyFields(java.util.Set.of("task", "agents"), java.util.Set.of("agent")))
			.hasMessage("Unknown input field 'agent'. Accepted fields: agents, task.");
	}

	@Test
	void aFormWithoutFieldsDeclaresNoInputs() {
		ProcessContract none = FormContracts.parse(null, Map.of("outputs", "result, notes"), List.of());

		assertThat(none.declaresInputs()).isFalse();
		assertThat(none.outputs()).containsExactly("result", "notes");
	}

}
