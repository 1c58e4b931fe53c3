package io.bpmnagents.agent;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How agents behave within a run.
 *
 * @param memoryWindow how many of an agent's earlier exchanges in the run its next call
 * carries
 */
@ConfigurationProperties("bpmn-agents.agent")
public record AgentProperties(@DefaultValue("10") int memoryWindow) {

}
