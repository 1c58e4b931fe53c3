package io.bpmnagents.approval;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param candidateGroup the Camunda group whose members see and complete approval tasks
 * in Tasklist
 */
@ConfigurationProperties("bpmn-agents.approval")
public record ApprovalProperties(@DefaultValue("camunda-admin") String candidateGroup) {

}
