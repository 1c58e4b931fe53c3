package io.bpmnagents.agent;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The agents a run may use, read from the {@code agents.<name>.*} properties. Spring Boot
 * merges maps across property sources, so a user adds an agent in their own YAML beside
 * the built-in ones without touching Java.
 */
public class AgentRegistry {

	private final Map<String, AgentDefinition> agents;

	AgentRegistry(Map<String, AgentDefinition> agents) {
		this.agents = Collections.unmodifiableMap(new TreeMap<>(agents));
	}

	public Optional<AgentDefinition> find(String name) {
		return Optional.ofNullable(this.agents.get(name));
	}

	public AgentDefinition require(String name) {
		AgentDefinition agent = this.agents.get(name);
		if (agent == null) {
			throw new UnknownAgentException(name, this.agents.keySet());
		}
		return agent;
	}

	public Collection<AgentDefinition> all() {
		return this.agents.values();
	}

}
