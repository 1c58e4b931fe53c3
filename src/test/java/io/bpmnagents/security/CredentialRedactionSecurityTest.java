package io.bpmnagents.security;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.bpmnagents.support.ObservedEndToEndTest;
import io.bpmnagents.tracing.AgentTracing;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials an error quotes (a URL's {@code user:password@}, a key in a query, an
 * Authorization value, an API key) leave the app neither in a span nor in a log line:
 * they are removed as in the transcript, whoever records or logs the error.
 */
@ObservedEndToEndTest
@ExtendWith(OutputCaptureExtension.class)
class CredentialRedactionSecurityTest {

	private static final List<String> SECRETS = List.of("s3cret-pass", "sk-live1234567890abcdef", "q-key-987654",
			"bearer-value-123456", "cause-secret-42");

	@Autowired
	AgentTracing tracing;

	@Autowired
	InMemorySpanExporter exporter;

	@Autowired
	SdkTracerProvider tracerProvider;

	private static RuntimeException modelError() {
		return new IllegalStateException(
				"POST http://ada:s3cret-pass@models.example/v1/chat/completions?api_key=q-key-987654 failed: "
						+ "401 for key sk-live1234567890abcdef (Authorization: Bearer bearer-value-123456)",
				new IllegalArgumentException("password=cause-secret-42 refused"));
	}

	@Test
	void aFailedCallsSpanRecordsTheErrorWithoutItsCredentials() {
		String run = "redaction-" + System.nanoTime();
		this.tracing.modelCall(new AgentTracing.CallSite(run, run, "p", "Task_1", "writer"), "gpt-4o")
			.failed(modelError());
		this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);

		SpanData span = this.exporter.getFinishedSpanItems()
			.stream()
			.filter((data) -> run
				.equals(data.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("bpmn.run.id"))))
			.findFirst()
			.orElseThrow();
		StringBuilder recorded = new StringBuilder(span.getStatus().getDescription());
		for (EventData event : span.getEvents()) {
			recorded.append(' ').append(event.getAttributes());
		}

		assertThat(recorded).contains("models.example", "IllegalStateException", "***");
		assertThat(recorded.toString()).doesNotContain(SECRETS);
	}

	@Test
	void aLoggedErrorAndMessageKeepNoCredentials(CapturedOutput output) {
		LoggerFactory.getLogger("io.bpmnagents.llm.ModelClient")
			.warn("Model at {} failed", "https://ada:s3cret-pass@models.example/v1", modelError());
		LoggerFactory.getLogger("org.camunda.bpm.engine.jobexecutor").error("Job failed", modelError());

		assertThat(output.getOut()).contains("Model at https://***@models.example/v1 failed", "Job failed",
				"Caused by: java.lang.IllegalArgumentException");
		assertThat(output.getOut()).doesNotContain(SECRETS);
	}

}
