package io.bpmnagents.pattern.debate;

import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

class DebateProcessTest extends PatternProcessTest {

	@Test
	void bothSidesOpenThenEachRoundCountersAndDefendsThenTheJudgeDecides() {
		RunView run = this.runs.start("debate", Map.of("task", "Remote work beats the office", "maxRounds", 2));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();
		assertThat(instance).isWaitingAt("Task_OpeningFor", "Task_OpeningAgainst");

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("Gateway_OpeningsDone", "Task_Counter", "Task_Defend", "Task_Counter", "Task_Defend",
					"Task_Judge", "EndEvent_JudgmentGiven");
		assertThat(this.model.callsOf("opponent")).hasSize(3);
		assertThat(this.model.callsOf("proponent")).hasSize(3);
		assertThat(this.model.callsOf("judge")).hasSize(1);
		// The opponent counters the latest argument for; the proponent defends against
		// that counter.
		assertThat(this.model.callsOf("opponent").get(2).prompt()).contains("proponent answer 2");
		assertThat(this.model.callsOf("proponent").get(2).prompt()).contains("opponent answer 3");
		assertThat(this.model.callsOf("judge").get(0).prompt()).contains("Evaluate this debate")
			.contains("Remote work beats the office")
			.contains("proponent answer 3", "opponent answer 1");

		RunView done = this.runs.view(run.id());
		assertThat(done.output()).containsEntry("result", "judge answer 1");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> debate = (List<Map<String, Object>>) done.output().get("debate");
		assertThat(debate).extracting((speech) -> speech.get("round") + ":" + speech.get("side"))
			.containsExactlyInAnyOrder("0:proponent", "0:opponent", "1:opponent", "1:proponent", "2:opponent",
					"2:proponent");
		assertThat(debate.subList(2, 6)).extracting((speech) -> speech.get("round") + ":" + speech.get("side"))
			.containsExactly("1:opponent", "1:proponent", "2:opponent", "2:proponent");
	}

	@Test
	void oneRoundMeansOneCounterAndOneDefence() {
		RunView run = this.runs.start("debate", Map.of("task", "Tabs over spaces", "maxRounds", 1));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.calls()).hasSize(2 + 2 + 1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 51 })
	void aRoundCountOutsideTheCapIsRefused(int rounds) {
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "t", "maxRounds", rounds)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("between 1 and 50");
	}

	@Test
	void anUnknownJudgeIsRefused() {
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "t", "judge", "jury")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("Unknown agent 'jury'");
	}

}
