package io.bpmnagents.support;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on a refusal answered as {@code application/problem+json}. */
public final class Refusals {

	private Refusals() {
	}

	/** The answer has this status, and its {@code detail} holds each of these texts. */
	public static void assertRefused(ResponseEntity<JsonNode> answer, int status, String... detail) {
		assertThat(answer.getStatusCode().value()).as("status of " + answer.getBody()).isEqualTo(status);
		assertThat(answer.getBody().path("detail").asText()).contains(detail);
	}

}
