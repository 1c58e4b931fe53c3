package io.bpmnagents.task;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.answer.AnswerSchemas;
import io.bpmnagents.modeler.AgentTaskProperty;
import io.bpmnagents.mcp.McpToolbox;
import io.bpmnagents.agent.ToolApprovalRule;

/**
 * What a modeler configures on an agent task, as {@code camunda:property} extension
 * properties (plain strings, never evaluated by the engine).
 *
 * @param agent the agent's name, or a placeholder such as {@code ${agent}}
 * @param prompt the prompt template
 * @param resultVariable the variable that receives the answer
 * @param resultKey when set, {@code resultVariable} is a map and the answer goes under
 * this key (a template, e.g. {@code ${agent}})
 * @param appendTo when set, a list variable that receives one entry per answer
 * @param entry extra fields of that entry ({@code entry.<field>} properties, templates)
 * @param appendAnswerAs the entry's field that holds the answer (property
 * {@code appendAnswerAs}; default {@code content}), e.g. {@code result} for the
 * reference's per-agent results
 * @param jsonAnswer whether the model must answer with a JSON object
 * @param answerOneOf when set, the answer must be one of these choices (a template giving
 * a list, or comma-separated {@code choice} or {@code choice=target} entries)
 * @param fallback the choice taken when the answer is still outside the list after one
 * follow-up (a template); without it, that is an incident
 * @param targetVariable when set, receives the target of the chosen {@code choice=target}
 * entry
 * @param answerFields when set, the model answers a JSON object with these fields, e.g.
 * {@code verdict: pass|revise, feedback}; each becomes a process variable
 * @param answerSchema whether the answer must satisfy a JSON Schema ({@code answerSchema}
 * inline, or {@code answerSchemaResource} deployed with the diagram); the schema itself
 * is read and checked when the diagram is deployed ({@link AnswerSchemas})
 * @param tools tools offered to the agent in this task besides its own (a comma-separated
 * list of tool names, property {@code tools})
 * @param toolProcesses deployed processes offered to the agent as tools, run by the
 * engine as called processes (comma-separated process keys, property
 * {@code toolProcesses}; see {@link ProcessToolCalls})
 * @param approveTools which tool calls wait for a person's approval (property
 * {@code approveTools}: tool names, {@code *} for all, each optionally with a condition
 * on its arguments, see {@link ToolApprovalRule}); the task then runs its tool loop in
 * the process as with {@code toolProcesses}
 */
public record AgentTaskConfig(String agent, String prompt, String resultVariable, String resultKey, String appendTo,
		Map<String, String> entry, String appendAnswerAs, boolean jsonAnswer, String answerOneOf, String fallback,
		String targetVariable, String answerFields, boolean answerSchema, List<String> tools,
		List<String> toolProcesses, List<ToolApprovalRule> approveTools) {

	// The extension properties an agent task reads, declared in AgentTaskProperty (from
	// which the element templates are generated); ElementTemplatesTest checks the
	// templates bind only what PROPERTIES lists.

	public static final String AGENT = AgentTaskProperty.AGENT.key();

	public static final String PROMPT = AgentTaskProperty.PROMPT.key();

	public static final String RESULT_VARIABLE = AgentTaskProperty.RESULT_VARIABLE.key();

	public static final String RESULT_KEY = AgentTaskProperty.RESULT_KEY.key();

	public static final String APPEND_TO = AgentTaskProperty.APPEND_TO.key();

	public static final String APPEND_ANSWER_AS = AgentTaskProperty.APPEND_ANSWER_AS.key();

	public static final String JSON_ANSWER = AgentTaskProperty.JSON_ANSWER.key();

	public static final String ANSWER_ONE_OF = AgentTaskProperty.ANSWER_ONE_OF.key();

	public static final String FALLBACK = AgentTaskProperty.FALLBACK.key();

	public static final String TARGET_VARIABLE = AgentTaskProperty.TARGET_VARIABLE.key();

	public static final String ANSWER_FIELDS = AgentTaskProperty.ANSWER_FIELDS.key();

	public static final String TOOLS = AgentTaskProperty.TOOLS.key();

	public static final String TOOL_PROCESSES = AgentTaskProperty.TOOL_PROCESSES.key();

	/** MCP servers (bpmn-agents.mcp.servers) whose tools the agent is offered. */
	public static final String MCP_SERVERS = AgentTaskProperty.MCP_SERVERS.key();

	/** The only tools of those servers offered, when set. */
	public static final String MCP_TOOLS = AgentTaskProperty.MCP_TOOLS.key();

	public static final String APPROVE_TOOLS = AgentTaskProperty.APPROVE_TOOLS.key();

	/**
	 * Guardrails of the task's calls besides the agent's own (a comma-separated list of
	 * names); read with each call ({@link AgentCalls}), so every topic's task may set it.
	 */
	public static final String GUARDRAILS = AgentTaskProperty.GUARDRAILS.key();

	/** Every property an agent task reads ({@code entry.<field>} besides). */
	public static final Set<String> PROPERTIES = Set.of(AGENT, PROMPT, RESULT_VARIABLE, RESULT_KEY, APPEND_TO,
			APPEND_ANSWER_AS, JSON_ANSWER, ANSWER_ONE_OF, FALLBACK, TARGET_VARIABLE, ANSWER_FIELDS, TOOLS,
			TOOL_PROCESSES, MCP_SERVERS, MCP_TOOLS, APPROVE_TOOLS, GUARDRAILS, AnswerSchemas.INLINE,
			AnswerSchemas.RESOURCE);

	/**
	 * The entry field that holds the answer unless {@code appendAnswerAs} names another.
	 */
	public static final String DEFAULT_ANSWER_FIELD = "content";

	public AgentTaskConfig {
		appendAnswerAs = (appendAnswerAs != null && !appendAnswerAs.isBlank()) ? appendAnswerAs.strip()
				: DEFAULT_ANSWER_FIELD;
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		toolProcesses = (toolProcesses != null) ? List.copyOf(toolProcesses) : List.of();
		approveTools = (approveTools != null) ? List.copyOf(approveTools) : List.of();
		if (loopsInProcess(toolProcesses, approveTools)
				&& (answerOneOf != null || answerFields != null || answerSchema)) {
			throw new IllegalArgumentException("An agent task with '" + TOOL_PROCESSES + "' or '" + APPROVE_TOOLS
					+ "' takes a text answer: remove '" + ANSWER_ONE_OF + "', '" + ANSWER_FIELDS
					+ "' and the answer schema, or check the answer in a task after it.");
		}
	}

	/**
	 * Whether the task's tool loop runs in the process: it hands out calls (processes to
	 * run, approvals to ask for) and is asked again with their outcomes.
	 */
	public boolean loopsInProcess() {
		return loopsInProcess(this.toolProcesses, this.approveTools);
	}

	private static boolean loopsInProcess(List<String> toolProcesses, List<ToolApprovalRule> approveTools) {
		return !toolProcesses.isEmpty() || !approveTools.isEmpty();
	}

	/** The tool names of a {@code tools} property: comma-separated, blanks ignored. */
	public static List<String> toolNames(String property) {
		if (property == null || property.isBlank()) {
			return List.of();
		}
		return Arrays.stream(property.split(","))
			.map(String::strip)
			.filter((name) -> !name.isEmpty())
			.distinct()
			.toList();
	}

	static final String ENTRY_PREFIX = AgentTaskProperty.ENTRY.key();

	public static AgentTaskConfig from(String activityId, Map<String, String> properties) {
		String agent = required(activityId, properties, AGENT);
		String prompt = required(activityId, properties, PROMPT);
		String result = required(activityId, properties, RESULT_VARIABLE);
		Map<String, String> entry = new LinkedHashMap<>();
		properties.forEach((name, value) -> {
			if (name.startsWith(ENTRY_PREFIX)) {
				entry.put(name.substring(ENTRY_PREFIX.length()), value);
			}
		});
		String oneOf = blankToNull(properties.get(ANSWER_ONE_OF));
		String fields = blankToNull(properties.get(ANSWER_FIELDS));
		if (oneOf != null && fields != null) {
			throw new IllegalArgumentException("Agent task '" + activityId + "' sets both '" + ANSWER_ONE_OF + "' and '"
					+ ANSWER_FIELDS + "'; an answer is either a choice or a JSON object");
		}
		boolean schema = AnswerSchemas.declares(properties);
		if (schema && (oneOf != null || fields != null)) {
			throw new IllegalArgumentException("Agent task '" + activityId + "' sets a JSON Schema together with '"
					+ ((oneOf != null) ? ANSWER_ONE_OF : ANSWER_FIELDS)
					+ "'; use one of them (a schema can say both: enum, required properties)");
		}
		return new AgentTaskConfig(agent, prompt, result, blankToNull(properties.get(RESULT_KEY)),
				blankToNull(properties.get(APPEND_TO)), entry, properties.get(APPEND_ANSWER_AS),
				Boolean.parseBoolean(properties.get(JSON_ANSWER)), oneOf, blankToNull(properties.get(FALLBACK)),
				blankToNull(properties.get(TARGET_VARIABLE)), fields, schema, tools(properties),
				toolNames(properties.get(TOOL_PROCESSES)), ToolApprovalRule.parse(properties.get(APPROVE_TOOLS),
						"Agent task '" + activityId + "', property '" + APPROVE_TOOLS + "'"));
	}

	/**
	 * The {@code tools} property's names, then the MCP offers of {@code mcpServers} and
	 * {@code mcpTools} ({@link McpToolbox#offer}), checked with them when the diagram is
	 * deployed.
	 */
	private static List<String> tools(Map<String, String> properties) {
		List<String> tools = new java.util.ArrayList<>(toolNames(properties.get(TOOLS)));
		tools.addAll(McpToolbox.offer(toolNames(properties.get(MCP_SERVERS)), toolNames(properties.get(MCP_TOOLS))));
		return tools;
	}

	private static String required(String activityId, Map<String, String> properties, String name) {
		String value = properties.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Agent task '" + activityId + "' has no '" + name
					+ "' extension property; set it in the Modeler (Agent task template)");
		}
		return value;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
