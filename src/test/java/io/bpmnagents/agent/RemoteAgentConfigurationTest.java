package io.bpmnagents.agent;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An agent in agents.yml with {@code a2a} is a remote A2A agent; settings that only a
 * model-backed agent has, and a card URL that is no http(s) URL, stop the app at start
 * with a message naming the agent.
 */
class RemoteAgentConfigurationTest {

	private static final String CARD = "https://agents.example.com/checker/.well-known/agent-card.json";

	@Test
	void anAgentWithAnAgentCardUrlIsARemoteAgent() {
		AgentRegistry registry = registry(new MockEnvironment().withProperty("agents.checker.a2a", CARD)
			.withProperty("agents.checker.role", "fact checker")
			.withProperty("agents.writer.role", "writer"));

		assertThat(registry.require("checker").remote()).isTrue();
		assertThat(registry.require("checker").a2a()).isEqualTo(CARD);
		assertThat(registry.require("writer").remote()).isFalse();
	}

	@Test
	void aRemoteAgentGivenToolsOrAModelIsRefusedAtStart() {
		assertThatThrownBy(() -> registry(new MockEnvironment().withProperty("agents.checker.a2a", CARD)
			.withProperty("agents.checker.tools[0]", "calculator"))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("agents.checker is a remote A2A agent")
			.hasMessageContaining("remove them");
		assertThatThrownBy(() -> registry(new MockEnvironment().withProperty("agents.checker.a2a", CARD)
			.withProperty("agents.checker.model", "gpt-4o"))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'model'");
	}

	@Test
	void aCardUrlThatIsNoHttpUrlIsRefusedAtStart() {
		assertThatThrownBy(
				() -> registry(new MockEnvironment().withProperty("agents.checker.a2a", "file:///etc/agent.json")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("agents.checker.a2a must be the http(s) URL of an A2A agent card")
			.hasMessageContaining("file:///etc/agent.json");
	}

	private static AgentRegistry registry(MockEnvironment environment) {
		return new AgentConfiguration().agentRegistry(environment);
	}

}
