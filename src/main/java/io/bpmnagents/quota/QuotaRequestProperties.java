package io.bpmnagents.quota;

import java.time.Duration;

import io.bpmnagents.security.AccessGroups;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Requests to allow more of a spent quota ({@code on-exhausted: ask}).
 *
 * @param candidateGroup who is offered the request in Tasklist and decides it, besides
 * the administrators ({@code camunda-admin}, the default)
 * @param checkEvery how often a waiting agent task looks again whether the request was
 * decided (each look is one reservation attempt; no thread waits in between)
 */
@ConfigurationProperties("bpmn-agents.quota-requests")
public record QuotaRequestProperties(@DefaultValue(AccessGroups.ADMINISTRATORS) String candidateGroup,
		@DefaultValue("PT1M") Duration checkEvery) {

}
