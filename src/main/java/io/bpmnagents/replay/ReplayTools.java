package io.bpmnagents.replay;

import java.time.Instant;
import java.util.Optional;

import io.bpmnagents.message.MessageStore;
import io.bpmnagents.tool.ToolRegistry;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * Answers the tool calls of a replay. A tool call asked for by a recorded answer gets the
 * recorded call's outcome, and the decision a person took on it, if any: no tool (Java,
 * MCP or process) is called again and nobody is asked again; the messages it sent are
 * sent again. After a replay went live, a tool call the live model asks for runs if the
 * tool changes nothing outside the run ({@link ToolRegistry#readOnly(String)}) or the
 * replay lets tools act; otherwise it gets a recorded result of the same tool with
 * exactly the same arguments, or else a refusal the model reads.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ReplayTools {

	private final ToolCallStore toolCalls;

	private final ToolRegistry tools;

	private final MessageStore messages;

	/**
	 * Records the outcome of a replay's tool call that is not to run.
	 * @return whether its outcome is recorded now; {@code false}: the tool runs
	 * @throws ReplayMismatchException when an exact replay has no recorded outcome for it
	 */
	public boolean answered(ReplayMode mode, String runId, ToolCallEntry call, String worker) {
		Optional<ToolCallEntry> recorded = this.toolCalls.recordedFor(call.modelCallId(), call.position());
		if (recorded.isPresent() && recorded.get().done()) {
			replayed(mode, runId, call, recorded.get());
			return true;
		}
		if (!mode.goLive()) {
			throw new ReplayMismatchException("Replay of run " + mode.original() + ": the tool call '" + call.tool()
					+ "' (" + call.arguments() + ") has no recorded outcome: the original ended before it did. "
					+ "A replay does not call tools; replay it going live to let the tool answer.");
		}
		if (mode.toolsMayAct() || this.tools.readOnly(call.tool())) {
			return false;
		}
		Optional<ToolCallEntry> same = this.toolCalls.sameCall(mode.original(), call.tool(), call.arguments());
		if (same.isPresent()) {
			replayed(mode, runId, call, same.get());
			return true;
		}
		Instant now = Instant.now();
		this.toolCalls.finished(call.id(), null, "Not run: tool '" + call.tool() + "' may change the world, and this "
				+ "replay does not let tools act (toolsMayAct is false); the recording has no call of it with these "
				+ "arguments. Answer without it.", now, now, 0, worker);
		return true;
	}

	/**
	 * Answers the call with the recorded one's outcome, and sends again the messages the
	 * recorded one sent ({@code send_message}), so their recipients read them at the same
	 * point.
	 */
	private void replayed(ReplayMode mode, String runId, ToolCallEntry call, ToolCallEntry recorded) {
		this.toolCalls.replayed(call.id(), recorded.id());
		this.messages.resend(mode.original(), this.toolCalls.contextKey(recorded.id()), runId,
				this.toolCalls.contextKey(call.id()));
	}

}
