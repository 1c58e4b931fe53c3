package io.bpmnagents.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenAI's {@code POST /v1/chat/completions}, answered by {@link SimulatedReplies}.
 * Callers must present the simulator's key as bearer token, as OpenAI's API requires.
 */
@RestController
@Conditional(SimulatorEnabledCondition.class)
@RequestMapping(SimulatorEndpoint.PATH)
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class SimulatorController {

	private final Simulator simulator;

	private final SimulatorEndpoint endpoint;

	@PostMapping("/chat/completions")
	ResponseEntity<Map<String, Object>> complete(
			@RequestHeader(name = "Authorization", required = false) String authorization,
			@RequestAttribute(name = SimulatorRequestGuard.ARRIVED, required = false) Long arrivedAtDoor,
			@RequestBody JsonNode request) throws InterruptedException {
		if (!("Bearer " + this.endpoint.apiKey()).equals(authorization)) {
			return error(HttpStatus.UNAUTHORIZED, "invalid_api_key", "Incorrect API key provided");
		}
		long arrived = (arrivedAtDoor != null) ? arrivedAtDoor : System.nanoTime();
		JsonNode format = request.path("response_format");
		boolean schema = SchemaReplies.applies(format);
		boolean json = schema || "json_object".equals(format.path("type").asText());
		Simulator.Decision decision = this.simulator.decide(json);
		this.simulator.requestStarted();
		try {
			// The latency is the model's, from the request reaching the simulator to the
			// reply: the request is read and the reply made while the model would be
			// thinking, so the simulator's own work is not added to it.
			ResponseEntity<Map<String, Object>> reply = answer(request, decision);
			// To the microsecond, not to the next millisecond as Thread.sleep rounds.
			long due = arrived + decision.delay().toNanos();
			for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
				LockSupport.parkNanos(left);
				if (Thread.interrupted()) {
					throw new InterruptedException();
				}
			}
			return reply;
		}
		finally {
			this.simulator.requestEnded(decision.outcome());
		}
	}

	private ResponseEntity<Map<String, Object>> answer(JsonNode request, Simulator.Decision decision) {
		switch (decision.outcome()) {
			case SERVER_ERROR:
				return error(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "The simulated model failed");
			case RATE_LIMITED:
				// As OpenAI does: the headers say when to come back, in whole seconds and
				// in milliseconds.
				long millis = this.simulator.properties().retryAfter().toMillis();
				return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
					.header("Retry-After", Long.toString(Math.max(1, (millis + 999) / 1000)))
					.header("retry-after-ms", Long.toString(millis))
					.body(Map.of("error", Map.of("message", "Simulated rate limit reached", "type",
							"rate_limit_exceeded", "code", "rate_limit_exceeded")));
			default:
				break;
		}
		JsonNode format = request.path("response_format");
		boolean schema = SchemaReplies.applies(format);
		boolean json = schema || "json_object".equals(format.path("type").asText());
		String system = "";
		String prompt = "";
		int promptChars = 0;
		List<SimulatedReplies.Message> messages = new ArrayList<>();
		for (JsonNode message : request.path("messages")) {
			String content = message.path("content").asText("");
			promptChars += content.length();
			if ("system".equals(message.path("role").asText()) && system.isEmpty()) {
				system = content;
			}
			if ("user".equals(message.path("role").asText())) {
				prompt = content;
			}
			messages.add(new SimulatedReplies.Message(message.path("role").asText(), message.path("name").asText(null),
					content));
		}
		if (ToolCallReplies.callsTool(request)
				|| ToolCallReplies.offersTools(request) && this.simulator.loopsToolCalls()) {
			return reply(request, ToolCallReplies.toolCallMessage(request, prompt), "tool_calls",
					tokens(promptChars) + 4 * request.path("messages").size(), 16);
		}
		SimulatorProperties properties = this.simulator.properties();
		SimulatedReplies.ConversationTurn turn = SimulatedReplies.ConversationTurn.of(messages,
				properties.terminationPhrase(), properties.conversationTurns());
		String content = (decision.outcome() == Simulator.Outcome.MALFORMED) ? SimulatedReplies.malformedPlan()
				: schema ? SchemaReplies.reply(format, system, prompt, this.simulator.choices())
						: SimulatedReplies.reply(system, prompt, json, turn);
		if (!json && turn.turn() > 0 && this.simulator.repeatsTurns()) {
			content = SimulatedReplies.REPEATED_TURN;
		}
		if (!json) {
			content = content + ToolCallReplies.quoted(request) + ToolCallReplies.received(request);
		}
		content = pad(content, this.simulator.faults().minReplyChars());
		int promptTokens = tokens(promptChars) + 4 * request.path("messages").size();
		int completionTokens = tokens(content.length());
		return reply(request, Map.of("role", "assistant", "content", content), "stop", promptTokens, completionTokens);
	}

	private static ResponseEntity<Map<String, Object>> reply(JsonNode request, Map<String, Object> message,
			String finishReason, int promptTokens, int completionTokens) {
		// Named apart from the real model so that simulated calls are never priced as
		// real ones.
		String model = "simulated-" + request.path("model").asText("model");
		return ResponseEntity.ok(Map.of("id", "chatcmpl-sim-" + Integer.toHexString(message.hashCode()), "object",
				"chat.completion", "created", Instant.now().getEpochSecond(), "model", model, "choices",
				List.of(Map.of("index", 0, "message", message, "finish_reason", finishReason)), "usage",
				Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens, "total_tokens",
						promptTokens + completionTokens)));
	}

	/** About four characters a token, as for English text with OpenAI's tokenizers. */
	private static int tokens(int chars) {
		return Math.max(1, (chars + 3) / 4);
	}

	private static String pad(String content, int minChars) {
		if (content.length() >= minChars) {
			return content;
		}
		StringBuilder padded = new StringBuilder(minChars).append(content).append("\n\n");
		String filler = "Further detail follows in the same vein. ";
		while (padded.length() < minChars) {
			padded.append(filler);
		}
		padded.setLength(minChars);
		return padded.toString();
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status)
			.body(Map.of("error", Map.of("message", message, "type", code, "code", code)));
	}

}
