package io.bpmnagents.agent;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Registries of plain agents for unit tests that need no application context. */
public final class AgentRegistryFixtures {

	private AgentRegistryFixtures() {
	}

	/** Agents with these names, each with a role named after it. */
	public static AgentRegistry of(String... names) {
		Map<String, AgentDefinition> agents = Arrays.stream(names)
			.map((name) -> new AgentDefinition(name, "Role of " + name, "You are " + name + ".", null, null, null))
			.collect(Collectors.toMap(AgentDefinition::name, Function.identity()));
		return new AgentRegistry(agents);
	}

}
