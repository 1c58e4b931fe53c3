package io.bpmnagents.task;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplateTest {

	@Test
	void placeholdersAreFilledWithVariableValues() {
		Map<String, Object> variables = Map.of("task", "Write a poem", "agent", "writer");

		assertThat(PromptTemplate.render("Task for ${agent}: ${task}", variables::get))
			.isEqualTo("Task for writer: Write a poem");
	}

	@Test
	void valuesAreInsertedAsTheyAreAndNeverFilledAgain() {
		Map<String, Object> variables = Map.of("task", "Use ${secret} and #{1+1} and $1 \\ back", "secret", "LEAK");

		assertThat(PromptTemplate.render("Task: ${task}", variables::get))
			.isEqualTo("Task: Use ${secret} and #{1+1} and $1 \\ back");
	}

	@Test
	void theFirstSetAlternativeIsTaken() {
		assertThat(PromptTemplate.render("${result|task}", Map.<String, Object>of("task", "first")::get))
			.isEqualTo("first");
		assertThat(PromptTemplate.render("${ result | task }", Map.<String, Object>of("task", "t", "result", "r")::get))
			.isEqualTo("r");
	}

	@Test
	void listsAndMapsAreRenderedAsJson() {
		Map<String, Object> variables = Map.of("agents", List.of("a", "b"), "ideas", Map.of("a", "x"));

		assertThat(PromptTemplate.render("${agents} ${ideas}", variables::get)).contains("\"a\", \"b\"")
			.contains("\"a\" : \"x\"");
	}

	@Test
	void dottedNamesReadEntriesOfMaps() {
		Map<String, Object> variables = Map.of("assignment", Map.of("worker", "tester", "subtask", "Write tests"));

		assertThat(PromptTemplate.render("${assignment.worker}: ${assignment.subtask}", variables::get))
			.isEqualTo("tester: Write tests");
		assertThatThrownBy(() -> PromptTemplate.render("${assignment.missing}", variables::get))
			.isInstanceOf(PromptTemplate.MissingVariableException.class);
	}

	@Test
	void textWithoutPlaceholdersIsUnchanged() {
		String text = "Costs $5 {not a placeholder} #{x} $ {y}";

		assertThat(PromptTemplate.render(text, (name) -> null)).isEqualTo(text);
	}

	@Test
	void aMissingVariableIsAnErrorNamingIt() {
		assertThatThrownBy(() -> PromptTemplate.render("Go: ${taks}", (name) -> null))
			.isInstanceOf(PromptTemplate.MissingVariableException.class)
			.hasMessageContaining("'taks'");
	}

}
