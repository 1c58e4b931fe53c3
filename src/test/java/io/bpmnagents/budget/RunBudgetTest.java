package io.bpmnagents.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.bpmnagents.transcript.Usage;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The budget check against a run's priced usage. */
class RunBudgetTest {

	private final RuntimeService runtime = mock(RuntimeService.class, RETURNS_DEEP_STUBS);

	private final UsageCalculator usage = mock(UsageCalculator.class);

	private final RunBudget budget = new RunBudget(this.runtime, this.usage);

	@Test
	void aRunWithoutLimitsIsNeverCountedOrRefused() {
		limits(Map.of());

		assertThatCode(() -> this.budget.check("run")).doesNotThrowAnyException();
		verify(this.usage, never()).of(any());
	}

	@Test
	void theCostIsComparedWithTheLimitInUsd() {
		when(this.usage.of("run")).thenReturn(new Usage(3, 1000, 1000, new BigDecimal("0.012500")));

		limits(Map.of("maxCost", 0.02));
		assertThatCode(() -> this.budget.check("run")).doesNotThrowAnyException();

		limits(Map.of("maxCost", 0.0125));
		assertThatThrownBy(() -> this.budget.check("run")).isInstanceOfSatisfying(BudgetExhaustedException.class,
				(ex) -> {
					assertThat(ex.limit()).isEqualTo("maxCost");
					assertThat(ex.getMessage()).contains("maxCost of 0.0125")
						.contains("3 model calls, 2000 tokens (1000 prompt, 1000 completion), cost 0.0125 USD");
				});
	}

	@Test
	void callsAreCheckedFirstThenTokens() {
		when(this.usage.of("run")).thenReturn(new Usage(5, 100, 50, BigDecimal.ZERO));

		limits(Map.of("maxCalls", 5, "maxTokens", 10));
		assertThatThrownBy(() -> this.budget.check("run")).hasMessageContaining("maxCalls of 5");

		limits(Map.of("maxCalls", 6, "maxTokens", 150L));
		assertThatThrownBy(() -> this.budget.check("run")).hasMessageContaining("maxTokens of 150");

		limits(Map.of("maxCalls", 6, "maxTokens", 151));
		assertThatCode(() -> this.budget.check("run")).doesNotThrowAnyException();
	}

	@Test
	void aRunThatHasEndedHasNothingLeftToBudget() {
		limits(Map.of());

		assertThatCode(() -> this.budget.check("run")).doesNotThrowAnyException();
	}

	@Test
	void aLimitThatIsNotANumberIsNoLimit() {
		when(this.usage.of("run")).thenReturn(new Usage(5, 100, 50, BigDecimal.ZERO));

		limits(Map.of("maxCalls", "five"));

		assertThatCode(() -> this.budget.check("run")).doesNotThrowAnyException();
		verify(this.usage, never()).of(any());
	}

	private void limits(Map<String, Object> limits) {
		List<VariableInstance> variables = limits.entrySet().stream().map((limit) -> {
			VariableInstance variable = mock(VariableInstance.class);
			when(variable.getName()).thenReturn(limit.getKey());
			when(variable.getValue()).thenReturn(limit.getValue());
			return variable;
		}).toList();
		when(this.runtime.createVariableInstanceQuery()
			.executionIdIn("run")
			.variableNameIn(RunBudget.MAX_CALLS, RunBudget.MAX_TOKENS, RunBudget.MAX_COST)
			.list()).thenReturn(variables);
	}

}
