package io.bpmnagents.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.agent.AgentRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A form that declares {@code name=handler} entries ({@code entries}) and a choice among
 * their names ({@code entryOf}): what any process's form gets, not only routing's.
 */
class NamedEntriesTest {

	private static final String FORM = """
			{"components": [
			  {"type": "textfield", "key": "handlers", "defaultValue": "red=painter, blue=painter",
			   "properties": {"entries": "%s"}},
			  {"type": "textfield", "key": "pick", "defaultValue": "red", "properties": {"entryOf": "handlers"}}
			]}""";

	private final InputCheck check = new InputCheck(registry("painter", "writer"), 50);

	private static AgentRegistry registry(String... names) {
		AgentRegistry registry = mock(AgentRegistry.class);
		given(registry.find(anyString())).willReturn(Optional.empty());
		List<AgentDefinition> all = List.of(names)
			.stream()
			.map((name) -> new AgentDefinition(name, name, "You are " + name + ".", null, null, null))
			.toList();
		all.forEach((agent) -> given(registry.find(agent.name())).willReturn(Optional.of(agent)));
		given(registry.all()).willReturn(all);
		return registry;
	}

	private static ProcessContract contract(String entries) {
		return FormContracts.parse(FORM.formatted(entries), Map.of(), List.of());
	}

	@Test
	void theDefaultsPassAndAPickIsMatchedIgnoringCase() {
		assertThat(this.check.check(contract("agents"), Map.of("pick", "BLUE"))).containsKeys("handlers", "pick");
	}

	@Test
	void withAgentsOnlyAProcessHandlerIsAnUnknownAgent() {
		assertThatThrownBy(() -> this.check.check(contract("agents"), Map.of("handlers", "red=process:x")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessage("Unknown agent 'process:x' for 'red' in 'handlers'. Known agents: painter, writer.");
	}

	@Test
	void withAgentsOrProcessesAProcessHandlerIsAccepted() {
		assertThat(this.check.check(contract("agents-or-processes"), Map.of("handlers", "red=process:x")))
			.containsKey("handlers");
	}

	@Test
	void anEntryWithoutAHandlerNamesAnAgentOfItsName() {
		assertThat(this.check.check(contract("agents"), Map.of("handlers", "writer", "pick", "writer")))
			.containsKey("pick");
		assertThatThrownBy(() -> this.check.check(contract("agents"), Map.of("handlers", "red")))
			.hasMessageStartingWith("Unknown agent 'red' for 'red' in 'handlers'");
	}

	@Test
	void aPickThatIsNoEntryIsRefusedNamingTheEntries() {
		assertThatThrownBy(() -> this.check.check(contract("agents"), Map.of("pick", "green")))
			.isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).field()).isEqualTo("pick"))
			.hasMessage("Input field 'pick' must be one of the names in 'handlers': red, blue; not 'green'.");
	}

}
