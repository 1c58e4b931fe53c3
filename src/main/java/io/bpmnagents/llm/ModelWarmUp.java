package io.bpmnagents.llm;

import java.time.Duration;
import java.util.List;

import io.bpmnagents.transcript.ChatTurn;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes the model client's first calls about as fast as the ones after: at start, two
 * chat exchanges go through the same client code as every call (the OpenAI client, its
 * JSON, our HTTP client over the JDK's, the reply's mapping) to a canned answer served on
 * this machine's loopback for the moment ({@link CannedModelServer}). No request leaves
 * the node, no model is asked, and no slot of a model's call limit is taken. Without it
 * the first calls after a start each took about 100 ms more while those classes loaded
 * and warmed.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ModelWarmUp {

	private static final Logger log = LoggerFactory.getLogger(ModelWarmUp.class);

	private final ModelClient client;

	private final LlmProperties properties;

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		if (this.properties.warmUp()) {
			run();
		}
	}

	/**
	 * Whether both exchanges went through; a failure only leaves the first calls slower.
	 */
	boolean run() {
		long started = System.nanoTime();
		try (CannedModelServer server = CannedModelServer.start()) {
			this.client.warmUp(server.chatModel(this.properties.model()),
					List.of(ChatTurn.system("You are warming up."), ChatTurn.user("Are you ready?")));
			log.info("Model client warmed up in {} ms (a canned answer on loopback; no model was asked)",
					Duration.ofNanos(System.nanoTime() - started).toMillis());
			return true;
		}
		catch (Exception | LinkageError ex) {
			// LinkageError: a runtime without the JDK's HTTP server (some jlink images).
			log.warn("Model client warm-up skipped, the first calls may be slower: {}", ex.toString());
			return false;
		}
	}

}
