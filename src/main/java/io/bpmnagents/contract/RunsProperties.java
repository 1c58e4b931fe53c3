package io.bpmnagents.contract;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLoopCount the highest maxRounds, maxIterations or maxTurns a run may ask for
 */
@ConfigurationProperties("bpmn-agents.runs")
public record RunsProperties(@DefaultValue("50") int maxLoopCount) {

}
