package io.bpmnagents.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.bpmnagents.agent.AgentOutcome;
import io.bpmnagents.agent.ExternalTools;
import io.bpmnagents.answer.AnswerRule;
import io.bpmnagents.contract.ProcessTools;
import io.bpmnagents.process.ReservedVariables;
import io.bpmnagents.process.Variable;
import io.bpmnagents.transcript.ArgumentsHash;
import io.bpmnagents.transcript.TranscriptStore;
import io.bpmnagents.worker.TaskOutcomes;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.stereotype.Component;

/**
 * An agent task that offers processes as tools ({@code toolProcesses}). When the model
 * asks for one, the task completes with the calls to make ({@code toolRequests}, each
 * {@code id}, {@code process}, {@code arguments}) and {@code toolsRequested = true}; the
 * model routes them to a multi-instance call activity ("Tool processes" template) that
 * runs each and collects its output in {@code toolResults}, then back to this task. The
 * task then continues the model's loop where it stopped: the conversation so far is in
 * the transcript under the loop's key ({@code toolLoopKey}, the first task's id), so
 * nothing is kept in memory between the visits. When the model answers, the task
 * completes as any agent task, with {@code toolsRequested = false}.
 * <p>
 * A task with {@code approveTools} loops the same way: a call that needs a person's
 * approval is handed out as a call of the approval process, whose decision the task reads
 * when it is asked again (see {@code ToolApprovalGate}).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ProcessToolCalls {

	static final String REQUESTS = ReservedVariables.TOOL_REQUESTS;

	static final String REQUESTED = ReservedVariables.TOOLS_REQUESTED;

	static final String RESULTS = ReservedVariables.TOOL_RESULTS;

	static final String LOOP_KEY = ReservedVariables.TOOL_LOOP_KEY;

	/** The process that asks a person to approve a tool call (processes/). */
	static final String APPROVAL_PROCESS = "tool-approval";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final AgentCalls agents;

	private final TaskOutcomes outcomes;

	private final ProcessTools processes;

	private final TranscriptStore transcript;

	private final AgentTaskCompletion completion;

	@SuppressWarnings("unchecked")
	void ask(LockedExternalTask task, AgentTaskConfig config, String agent, String prompt) {
		List<ToolSpecification> specifications = new ArrayList<>();
		try {
			for (String process : config.toolProcesses()) {
				specifications.add(this.processes.specification(process));
			}
		}
		catch (IllegalArgumentException ex) {
			this.outcomes.fail(task, ex, false);
			return;
		}
		boolean resuming = Boolean.TRUE.equals(this.outcomes.variable(task, REQUESTED))
				&& this.outcomes.variable(task, LOOP_KEY) instanceof String;
		String key = resuming ? (String) this.outcomes.variable(task, LOOP_KEY) : task.getId();
		if (resuming && !this.transcript.madeIn(task.getProcessInstanceId(), key)) {
			// The loop resumes the conversation recorded under its key: only a task of
			// this process instance may have started it, or one run would carry on
			// another's conversation and answer its tool calls.
			this.outcomes.fail(task,
					new IllegalStateException("The tool loop of '" + task.getActivityId() + "' cannot resume: its key '"
							+ key + "' (" + LOOP_KEY + ") names no agent task of this process "
							+ "instance. It is set by bpmn-agents alone; the instance's variables were changed."),
					false);
			return;
		}
		Map<String, String> results = (resuming && this.outcomes.variable(task, RESULTS) instanceof Map<?, ?> map)
				? (Map<String, String>) map : Map.of();
		Optional<AgentOutcome> outcome = this.agents.ask(task, key, agent, prompt, config.tools(), new ExternalTools(
				specifications, results, task.getId(), this.processes::refusal, config.approveTools()));
		if (outcome.isEmpty()) {
			return;
		}
		if (outcome.get() instanceof AgentOutcome.ToolsRequested requested) {
			List<Map<String, Object>> calls = new ArrayList<>();
			for (AgentOutcome.ToolCall call : requested.calls()) {
				calls.add(call.approval() ? approval(call, agent) : request(call.id(), call.tool(), call.arguments()));
			}
			this.outcomes.complete(task,
					(current) -> Map.of(REQUESTS, Variable.records(REQUESTS).typed(calls), REQUESTED,
							Variables.booleanValue(true), LOOP_KEY, Variables.stringValue(key), RESULTS,
							Variable.textMap(RESULTS).typed(new HashMap<>())));
			return;
		}
		String answer = ((AgentOutcome.Answered) outcome.get()).text();
		// The loop is over: its variables are emptied for the next visit.
		this.completion.complete(task, config, agent, AnswerRule.Answer.text(config.resultVariable(), answer), () -> {
			Map<String, Object> variables = new HashMap<>();
			variables.put(REQUESTED, Variables.booleanValue(false));
			variables.put(LOOP_KEY, Variables.stringValue(null));
			variables.put(RESULTS, Variable.textMap(RESULTS).typed(new HashMap<>()));
			variables.put(REQUESTS, Variable.records(REQUESTS).typed(new ArrayList<>()));
			return variables;
		});
	}

	private static Map<String, Object> request(String id, String process, String arguments) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("id", id);
		entry.put("process", process);
		entry.put("arguments", arguments);
		return entry;
	}

	/**
	 * A call that waits for a person: the approval process ({@value #APPROVAL_PROCESS})
	 * runs in its place, with the call's id, tool, agent and arguments, and the hash of
	 * those arguments, which the decision must match; its decision comes back under
	 * {@link ExternalTools#approvalKey(String)}.
	 */
	private static Map<String, Object> approval(AgentOutcome.ToolCall call, String agent) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("toolCall", call.id());
		arguments.put("tool", call.tool());
		arguments.put("agent", agent);
		arguments.put("arguments", call.arguments());
		arguments.put("argumentsHash", ArgumentsHash.of(call.arguments()));
		try {
			return request(ExternalTools.approvalKey(call.id()), APPROVAL_PROCESS, JSON.writeValueAsString(arguments));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
