package io.bpmnagents.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.bpmnagents.agent.ToolApprovalRule;
import io.bpmnagents.mcp.McpToolbox;
import io.bpmnagents.process.ExtensionProperties;
import io.bpmnagents.process.Variable;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Adds two things to every external agent task when a BPMN file is deployed, so modelers
 * need not think of them:
 * <ul>
 * <li>the map or list that the task collects answers into is created empty when the
 * process starts, so that parallel branches update one variable instead of racing to
 * create it;</li>
 * <li>when the transaction that created the task commits, this node's worker fetches at
 * once instead of at its next poll.</li>
 * </ul>
 * It also notes on each process whether two collecting completions may happen at the same
 * moment ({@link CollectingTurns}).
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AgentTaskParseListener extends AbstractBpmnParseListener {

	private final Runnable wakeUpWorker;

	/**
	 * Refuses (throws) a task's {@code tools} that name no tool, so such a model is not
	 * deployed.
	 */
	private final Consumer<ToolNames> toolCheck;

	/**
	 * Refuses (throws) a task's {@code guardrails} that name no guardrail, so a typo is
	 * found at deployment rather than as an incident in a run.
	 */
	private final Consumer<ToolNames> guardrailCheck;

	private final Function<String, Set<String>> processInputs;

	private final Function<String, List<String>> processOutputs;

	/**
	 * The tools (or guardrails) an agent task names, and where, for the deployment's
	 * error message.
	 */
	record ToolNames(String activityId, List<String> names) {
	}

	@Override
	public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
		processDefinition.setProperty(CollectingTurns.PROPERTY, CollectingTurns.concurrent(processElement));
	}

	/**
	 * A call activity marked {@code toolCalls = true} runs the tool calls an agent task
	 * asked for ({@link ToolCallActivity}).
	 */
	@Override
	public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
		if (!"true".equals(ExtensionProperties.of(element).get(ToolCallActivity.MARKER))) {
			return;
		}
		activity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
				ToolCallActivity.handInArguments(this.processInputs));
		activity.addBuiltInListener(ExecutionListener.EVENTNAME_END,
				ToolCallActivity.collectResult(this.processOutputs));
	}

	@Override
	public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		if (!"external".equals(element.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "type"))) {
			return;
		}
		activity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
				(ExecutionListener) (execution) -> Context.getCommandContext()
					.getTransactionContext()
					.addTransactionListener(TransactionState.COMMITTED, (commandContext) -> this.wakeUpWorker.run()));
		Map<String, String> properties = ExtensionProperties.of(element);
		List<String> tools = names(properties, AgentTaskConfig.TOOLS, "tool names", activity);
		if (!tools.isEmpty()) {
			this.toolCheck.accept(new ToolNames(activity.getId(), tools));
		}
		List<String> servers = names(properties, AgentTaskConfig.MCP_SERVERS, "MCP server names", activity);
		if (!servers.isEmpty()) {
			// Only servers an administrator declared (bpmn-agents.mcp.servers).
			this.toolCheck.accept(new ToolNames(activity.getId(), McpToolbox.offer(servers, List.of())));
		}
		List<String> guardrails = names(properties, AgentTaskConfig.GUARDRAILS, "guardrail names", activity);
		if (!guardrails.isEmpty()) {
			this.guardrailCheck.accept(new ToolNames(activity.getId(), guardrails));
		}
		try {
			// A rule that is not understood is refused at deployment, not at the first
			// tool call.
			ToolApprovalRule.parse(properties.get(AgentTaskConfig.APPROVE_TOOLS),
					"Agent task '" + activity.getId() + "', property '" + AgentTaskConfig.APPROVE_TOOLS + "'");
		}
		catch (IllegalArgumentException ex) {
			throw new BadUserRequestException(ex.getMessage());
		}
		String map = properties.get(AgentTaskConfig.RESULT_KEY) != null
				? properties.get(AgentTaskConfig.RESULT_VARIABLE) : null;
		if (map != null) {
			initializeAtStart(activity, map, Variable.textMap(map).typed(new HashMap<>()));
		}
		String list = properties.get(AgentTaskConfig.APPEND_TO);
		if (list != null && !list.isBlank()) {
			initializeAtStart(activity, list, Variable.records(list).typed(new java.util.ArrayList<>()));
		}
	}

	/**
	 * The names a list property gives (none when it is not set); a {@code ${variable}} is
	 * refused, since what a task may use is checked at deployment, not in a run.
	 */
	private static List<String> names(Map<String, String> properties, String property, String what,
			ActivityImpl activity) {
		String value = properties.get(property);
		if (value == null || value.isBlank()) {
			return List.of();
		}
		if (value.contains("${")) {
			throw new BadUserRequestException("Agent task '" + activity.getId() + "': '" + property + "' must list "
					+ what + " (comma-separated), not a ${variable}.");
		}
		return AgentTaskConfig.toolNames(value);
	}

	private static void initializeAtStart(ActivityImpl activity, String name,
			org.camunda.bpm.engine.variable.value.TypedValue empty) {
		activity.getProcessDefinition()
			.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) (execution) -> {
				if (!execution.hasVariable(name)) {
					execution.setVariable(name, empty);
				}
			});
	}

}
