package io.bpmnagents.agent;

import java.util.List;

/** What became of a question to an agent offered external tools. */
public sealed interface AgentOutcome permits AgentOutcome.Answered, AgentOutcome.ToolsRequested {

	/** The agent answered. */
	record Answered(String text) implements AgentOutcome {
	}

	/** The agent's model asked for external tools; ask again with their results. */
	record ToolsRequested(List<ToolCall> calls) implements AgentOutcome {

		public ToolsRequested {
			calls = List.copyOf(calls);
		}

	}

	/**
	 * One external tool call to make.
	 *
	 * @param id the call's id, under which its result is expected
	 * @param tool the tool (a process key)
	 * @param arguments the model's arguments, a JSON object (for an approved call, the
	 * arguments approved)
	 * @param approval whether a person is to decide on the call first (its decision comes
	 * back under {@link ExternalTools#approvalKey(String)}) rather than the call be made
	 */
	record ToolCall(String id, String tool, String arguments, boolean approval) {

		public ToolCall(String id, String tool, String arguments) {
			this(id, tool, arguments, false);
		}

	}

}
