package io.bpmnagents.run;

import java.util.List;

import io.bpmnagents.message.AgentMessage;
import io.bpmnagents.message.MessageStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run's message history: what its agents sent each other ({@code send_message}) and
 * asked each other ({@code ask_agent}), with when each message reached its recipient.
 * Seen by exactly those who may see the run; for anyone else the run does not exist
 * (404).
 */
@RestController
@RequestMapping("/api")
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunMessagesController {

	private final RunService runs;

	private final MessageStore messages;

	@GetMapping("/runs/{id}/messages")
	List<AgentMessage> messages(@PathVariable String id) {
		// Refuses, as not found, a run the person may not see.
		this.runs.view(id);
		return this.messages.forRun(id);
	}

}
