package io.bpmnagents.task;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 */
public record AgentTaskConfig(String agent, String prompt, String resultVariable, String resultKey, String appendTo,
		Map<String, String> entry, String appendAnswerAs, boolean jsonAnswer, String answerOneOf, String fallback,
		String targetVariable, String answerFields, boolean answerSchema, List<String> tools,
		List<String> toolProcesses) {

	// The extension properties an agent task understands, each named once here; the
	// element templates are checked against them (ElementTemplatesTest), so a misspelt
	// binding fails the build instead of being ignored at run time.

	public static final String AGENT = "agent";

	public static final String PROMPT = "prompt";

	public static final String RESULT_VARIABLE = "resultVariable";

	public static final String RESULT_KEY = "resultKey";

	public static final String APPEND_TO = "appendTo";

	public static final String APPEND_ANSWER_AS = "appendAnswerAs";

	public static final String JSON_ANSWER = "jsonAnswer";

	public static final String ANSWER_ONE_OF = "answerOneOf";

	public static final String FALLBACK = "fallback";

	public static final String TARGET_VARIABLE = "targetVariable";

	public static final String ANSWER_FIELDS = "answerFields";

	public static final String TOOLS = "tools";

	public static final String TOOL_PROCESSES = "toolProcesses";

	/**
	 * Guardrails of the task's calls besides the agent's own (a comma-separated list of
	 * names); read with each call ({@link AgentCalls}), so every topic's task may set it.
	 */
	public static final String GUARDRAILS = "guardrails";

	/** Every property an agent task reads ({@code entry.<field>} besides). */
	public static final Set<String> PROPERTIES = Set.of(AGENT, PROMPT, RESULT_VARIABLE, RESULT_KEY, APPEND_TO,
			APPEND_ANSWER_AS, JSON_ANSWER, ANSWER_ONE_OF, FALLBACK, TARGET_VARIABLE, ANSWER_FIELDS, TOOLS,
			TOOL_PROCESSES, GUARDRAILS, AnswerSchemas.INLINE, AnswerSchemas.RESOURCE);

	/**
	 * The entry field that holds the answer unless {@code appendAnswerAs} names another.
	 */
	public static final String DEFAULT_ANSWER_FIELD = "content";

	public AgentTaskConfig {
		appendAnswerAs = (appendAnswerAs != null && !appendAnswerAs.isBlank()) ? appendAnswerAs.strip()
				: DEFAULT_ANSWER_FIELD;
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		toolProcesses = (toolProcesses != null) ? List.copyOf(toolProcesses) : List.of();
		if (!toolProcesses.isEmpty() && (answerOneOf != null || answerFields != null || answerSchema)) {
			throw new IllegalArgumentException("An agent task with 'toolProcesses' takes a text answer: "
					+ "remove 'answerOneOf', 'answerFields' and the answer schema, or check the answer in a task after it.");
		}
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

	static final String ENTRY_PREFIX = "entry.";

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
			throw new IllegalArgumentException("Agent task '" + activityId
					+ "' sets both 'answerOneOf' and 'answerFields'; an answer is either a choice or a JSON object");
		}
		boolean schema = AnswerSchemas.declares(properties);
		if (schema && (oneOf != null || fields != null)) {
			throw new IllegalArgumentException("Agent task '" + activityId + "' sets a JSON Schema together with '"
					+ ((oneOf != null) ? "answerOneOf" : "answerFields")
					+ "'; use one of them (a schema can say both: enum, required properties)");
		}
		return new AgentTaskConfig(agent, prompt, result, blankToNull(properties.get(RESULT_KEY)),
				blankToNull(properties.get(APPEND_TO)), entry, properties.get(APPEND_ANSWER_AS),
				Boolean.parseBoolean(properties.get(JSON_ANSWER)), oneOf, blankToNull(properties.get(FALLBACK)),
				blankToNull(properties.get(TARGET_VARIABLE)), fields, schema, toolNames(properties.get(TOOLS)),
				toolNames(properties.get(TOOL_PROCESSES)));
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
