package io.bpmnagents.approval;

import io.bpmnagents.security.AccessGroups;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param candidateGroup the Camunda group whose members see and complete approval tasks
 * in Tasklist; administrators ({@code camunda-admin}) may decide them too
 */
@ConfigurationProperties("bpmn-agents.approval")
public record ApprovalProperties(@DefaultValue(AccessGroups.APPROVERS) String candidateGroup) {

}
