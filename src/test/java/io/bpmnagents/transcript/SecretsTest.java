package io.bpmnagents.transcript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"Incorrect API key provided: sk-proj-abc123DEF456ghi789 | sk-proj-abc123DEF456ghi789",
			"Incorrect API key provided: sk-ant-api03-XYZxyz0123456789 | sk-ant-api03-XYZxyz0123456789",
			"401 for header Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig | eyJhbGciOiJIUzI1NiJ9.payload.sig",
			"Authorization: Basic YWRtaW46c2VjcmV0 | YWRtaW46c2VjcmV0",
			"Connect to https://alice:s3cr3t@llm.example.com/v1 failed | s3cr3t",
			"GET https://llm.example.com/v1/models?api_key=abc123secret&x=1 | abc123secret",
			"GET https://generativelanguage.googleapis.com/v1?key=AIzaSyA1234567890abcdefghijKLMN | AIzaSyA1234567890abcdefghijKLMN",
			"POST https://x.example/v1?foo=1&access_token=tok-987654 | tok-987654",
			"request had \"api-key\": \"azure-key-0123456789\" | azure-key-0123456789" })
	void credentialsInModelErrorsAreHidden(String error, String secret) {
		String redacted = Secrets.redact(error);

		assertThat(redacted).doesNotContain(secret).contains("***");
	}

	@Test
	void theRestOfTheMessageStays() {
		String redacted = Secrets.redact("Connect to https://alice:s3cr3t@llm.example.com/v1 failed: timeout");

		assertThat(redacted).isEqualTo("Connect to https://***@llm.example.com/v1 failed: timeout");
	}

	@Test
	void textWithoutSecretsIsUnchanged() {
		String text = "The model returned 500: The server had an error while processing your request. "
				+ "See https://status.openai.com/?x=1 and ask-the-team about it.";

		assertThat(Secrets.redact(text)).isEqualTo(text);
		assertThat(Secrets.redact(null)).isNull();
	}

}
