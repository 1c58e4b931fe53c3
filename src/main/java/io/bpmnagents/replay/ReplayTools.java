package io.bpmnagents.replay;

import java.time.Instant;
import java.util.Optional;

import io.bpmnagents.tool.ToolRegistry;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;

import org.springframework.stereotype.Component;

/**
 * Answers the tool calls of a replay. A tool call asked for by a recorded answer gets the
 * recorded call's outcome, and the decision a person took on it, if any: no tool (Java,
 * MCP or process) is called again and nobody is asked again. After a replay went live, a
 * tool call the live model asks for runs if the tool changes nothing outside the run
 * ({@link ToolRegistry#readOnly(String)}) or the replay lets tools act; otherwise it gets
 * a recorded result of the same tool with exactly the same arguments, or else a refusal
 * the model reads.
 */
@Component
public class ReplayTools {

	private final ToolCallStore toolCalls;

	private final ToolRegistry tools;

	ReplayTools(ToolCallStore toolCalls, ToolRegistry tools) {
		this.toolCalls = toolCalls;
		this.tools = tools;
	}

	/**
	 * Records the outcome of a replay's tool call that is not to run.
	 * @return whether its outcome is recorded now; {@code false}: the tool runs
	 * @throws ReplayMismatchException when an exact replay has no recorded outcome for it
	 */
	public boolean answered(ReplayMode mode, ToolCallEntry call, String worker) {
		Optional<ToolCallEntry> recorded = this.toolCalls.recordedFor(call.modelCallId(), call.position());
		if (recorded.isPresent() && recorded.get().done()) {
			this.toolCalls.replayed(call.id(), recorded.get().id());
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
			this.toolCalls.replayed(call.id(), same.get().id());
			return true;
		}
		Instant now = Instant.now();
		this.toolCalls.finished(call.id(), null, "Not run: tool '" + call.tool() + "' may change the world, and this "
				+ "replay does not let tools act (toolsMayAct is false); the recording has no call of it with these "
				+ "arguments. Answer without it.", now, now, 0, worker);
		return true;
	}

}
