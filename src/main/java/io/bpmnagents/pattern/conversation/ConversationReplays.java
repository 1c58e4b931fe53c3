package io.bpmnagents.pattern.conversation;

import java.util.Optional;

import io.bpmnagents.replay.ReplayCheck;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.HistoryService;

import org.springframework.stereotype.Component;

/**
 * A conversation a person sent messages into is not replayed: the messages reach the
 * speakers as their chat history, not as their prompts, so a replay without them would be
 * answered from the recording while its chats lack what the recorded ones showed.
 * Re-delivering them at the same turns is not built yet.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ConversationReplays implements ReplayCheck {

	private final HistoryService history;

	@Override
	public Optional<String> refusal(String originalRunId) {
		long messages = this.history.createHistoricVariableInstanceQuery()
			.processInstanceIdIn(originalRunId)
			.variableName(ConversationMessages.FROM)
			.count();
		return (messages == 0) ? Optional.empty()
				: Optional.of("Run '" + originalRunId + "' is a conversation " + messages + " message(s) from people "
						+ "took part in; a replay does not re-deliver people's messages yet, and would answer its "
						+ "speakers from the recording without them.");
	}

}
