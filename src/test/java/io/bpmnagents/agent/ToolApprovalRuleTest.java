package io.bpmnagents.agent;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolApprovalRuleTest {

	@Test
	void aToolNameAsksForEveryCallOfThatToolAndAStarForEveryTool() {
		List<ToolApprovalRule> rules = ToolApprovalRule.parse("issue_refund, delete-file", "test");

		assertThat(ToolApprovalRule.anyApplies(rules, "issue_refund", "{}")).isTrue();
		assertThat(ToolApprovalRule.anyApplies(rules, "delete-file", "{\"path\":\"a\"}")).isTrue();
		assertThat(ToolApprovalRule.anyApplies(rules, "workspace_read", "{}")).isFalse();
		assertThat(ToolApprovalRule.anyApplies(ToolApprovalRule.parse("*", "test"), "workspace_read", "{}")).isTrue();
		assertThat(ToolApprovalRule.anyApplies(ToolApprovalRule.parse(" ", "test"), "issue_refund", "{}")).isFalse();
	}

	@ParameterizedTest(name = "{0} with {1}: {2}")
	@CsvSource(delimiter = '|',
			value = { "issue_refund when amount > 100|{\"amount\": 250}|true",
					"issue_refund when amount > 100|{\"amount\": 100}|false",
					"issue_refund when amount >= 100|{\"amount\": 100.0}|true",
					"issue_refund when amount > 100|{\"amount\": \"250\"}|true",
					"issue_refund when amount < 0|{\"amount\": 5}|false", "issue_refund when amount > 100|{}|true",
					"issue_refund when amount > 100|{\"amount\": \"lots\"}|true",
					"issue_refund when amount > 100|not json|true",
					"issue_refund when customer.country = 'CH'|{\"customer\": {\"country\": \"CH\"}}|true",
					"issue_refund when customer.country != CH|{\"customer\": {\"country\": \"CH\"}}|false",
					"issue_refund when currency = \"EUR\"|{\"currency\": \"USD\"}|false" })
	void aConditionAsksOnlyForCallsWhoseArgumentsMatchOrCannotBeCompared(String rule, String arguments, boolean asks) {
		assertThat(ToolApprovalRule.anyApplies(ToolApprovalRule.parse(rule, "test"), "issue_refund", arguments))
			.isEqualTo(asks);
	}

	@Test
	void aRuleThatIsNotUnderstoodIsRefusedWithAnExample() {
		assertThatThrownBy(() -> ToolApprovalRule.parse("issue_refund if amount > 100", "Agent task 'Task_A'"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("Agent task 'Task_A': 'issue_refund if amount > 100' is no tool approval rule")
			.hasMessageContaining("issue_refund when amount > 100");
		assertThatThrownBy(() -> ToolApprovalRule.parse("issue_refund when ${amount} > 1", "x"))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
