package io.bpmnagents.modeler;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.bpmnagents.modeler.ElementTemplate.AGENT_CLASSIFIER;
import static io.bpmnagents.modeler.ElementTemplate.AGENT_EVALUATOR;
import static io.bpmnagents.modeler.ElementTemplate.AGENT_JUDGE;
import static io.bpmnagents.modeler.ElementTemplate.AGENT_PLAN;
import static io.bpmnagents.modeler.ElementTemplate.AGENT_SYNTHESIS;
import static io.bpmnagents.modeler.ElementTemplate.AGENT_TASK;
import static io.bpmnagents.modeler.ElementTemplate.CONVERSATION_TURN;
import static io.bpmnagents.modeler.ElementTemplate.RUN_TOOL_PROCESSES;

/**
 * The {@code camunda:property} extension properties an agent task understands, each
 * declared once: its name, its label, type, group and default in the Modeler, whether the
 * task needs it, what it does, and which element templates offer it. The code reads the
 * properties by these names, the element templates and
 * {@code docs/agent-task-properties.md} are generated from this declaration
 * ({@link GeneratedFiles}), and the templates are checked against what the code reads, so
 * a property cannot be misspelt in one place only.
 * <p>
 * Extension properties are plain strings: the engine never evaluates them; a task's code
 * fills the {@code ${...}} placeholders as text.
 */
public enum AgentTaskProperty {

	AGENT("agent", "Agent", Type.STRING, Group.AGENT, null, Need.REQUIRED, """
			A name from the agent registry (GET /api/agents; built in: researcher, writer, editor, developer,
			designer, tester, billing-specialist, reviewer, coordinator, project-manager, proponent, opponent,
			judge), or ${variable} for the agent named by a process variable, e.g. ${agent} inside a
			multi-instance.""", AGENT_TASK, AGENT_SYNTHESIS, AGENT_JUDGE, AGENT_EVALUATOR, AGENT_CLASSIFIER,
			AGENT_PLAN),

	PROMPT("prompt", "Prompt", Type.STRING, Group.AGENT, "${task}", Need.REQUIRED, """
			What the agent is asked. ${name} inserts the process variable 'name' as plain text (never
			evaluated); ${a|b} takes a, or b when a is not set. Lists and maps are inserted as JSON.""", AGENT_TASK,
			AGENT_SYNTHESIS, AGENT_JUDGE, AGENT_EVALUATOR, AGENT_CLASSIFIER, AGENT_PLAN, CONVERSATION_TURN),

	SPEAKER("speaker", "Speaker", Type.STRING, Group.AGENT, null, Need.OPTIONAL, """
			The agent that speaks this turn, e.g. ${nextSpeaker} picked by a selector task before it (must be
			one of 'agents'); empty: the agents speak in turn. Each turn sets 'nextInOrder', the agent after
			this speaker in 'agents', for a selector's fallback.""", CONVERSATION_TURN),

	TOOLS("tools", "Tools", Type.STRING, Group.AGENT, null, Need.OPTIONAL, """
			Tools the agent may call in this task besides its own (agents.<name>.tools), comma-separated:
			workspace_read, workspace_write, ask_agent, or any Spring bean method with LangChain4j's @Tool. An
			unknown name is refused at deployment. The model's tool calls, their results and errors are in the
			transcript (toolCalls); at most bpmn-agents.tools.max-calls per task.""", AGENT_TASK),

	TOOL_PROCESSES("toolProcesses", "Tool processes", Type.STRING, Group.AGENT, null, Need.OPTIONAL, """
			Deployed processes the agent may call as tools (comma-separated process keys, e.g. person-answers);
			their name, description and inputs come from each process's start form. The engine runs them:
			follow this task with a gateway 'Tools requested?' (${toolsRequested}) and a 'Tool processes' call
			activity that flows back here.""", AGENT_TASK),

	APPROVE_TOOLS("approveTools", "Tools that need approval", Type.STRING, Group.AGENT, null, Need.OPTIONAL, """
			Tool calls that wait for a person's approval in Tasklist (group bpmn-agents.approval.candidate-group),
			comma-separated: tool names, * for every tool, or a tool with a condition on its arguments such as
			'issue_refund when amount > 100' (operators > >= < <= = !=). The approval runs as the process
			tool-approval: follow this task with a gateway 'Tools requested?' (${toolsRequested}) and a 'Tool
			processes' call activity that flows back here. The tool then runs with exactly the approved arguments,
			or the model reads 'rejected: <reason>'.""", AGENT_TASK),

	GUARDRAILS("guardrails", "Guardrails", Type.STRING, Group.AGENT, null, Need.OPTIONAL, """
			Guardrails of this task's calls after the agent's own (agents.<name>.guardrails), in order,
			comma-separated: pii (built in: redacts e-mail addresses, phone and card numbers, IBANs) or a name from
			bpmn-agents.guardrails.<name> or a guardrail bean. A refusal ends the task on the BPMN error GUARDRAIL
			(see docs/control.md).""", AGENT_TASK),

	MCP_SERVERS("mcpServers", "MCP servers", Type.STRING, Group.AGENT, null, Need.OPTIONAL, """
			MCP servers whose tools the agent may call (comma-separated names an administrator declared under
			bpmn-agents.mcp.servers); a diagram naming another is refused when deployed.""", AGENT_TASK),

	MCP_TOOLS("mcpTools", "MCP tools", Type.STRING, Group.AGENT, null, Need.OPTIONAL, """
			Only these tools of the MCP servers (comma-separated tool names); empty: all of them.""", AGENT_TASK),

	RESULT_VARIABLE("resultVariable", "Result variable", Type.STRING, Group.OUTPUT, "result", Need.REQUIRED, """
			The process variable that receives the answer (stored whole, any length).""", AGENT_TASK, AGENT_SYNTHESIS,
			AGENT_JUDGE, AGENT_EVALUATOR, AGENT_CLASSIFIER),

	RESULT_KEY("resultKey", "Collect under key", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL, """
			When set, the result variable is a map and the answer is put under this key, e.g. ${agent}:
			collects the answers of a multi-instance.""", AGENT_TASK, AGENT_SYNTHESIS, AGENT_JUDGE, AGENT_EVALUATOR),

	APPEND_TO("appendTo", "Append to list", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL, """
			A list variable that receives {agent, content, entry fields} for every answer, e.g. a transcript of
			a debate.""", AGENT_TASK, AGENT_SYNTHESIS, AGENT_JUDGE, AGENT_EVALUATOR, AGENT_CLASSIFIER),

	/**
	 * A family of properties, {@code entry.<field>}: no template offers them, as the
	 * field's name is the modeller's.
	 */
	ENTRY("entry.", "Entry field", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL, """
			An extra field of the entry appended to the list (entry.<field>, any field name), a template like
			the prompt, e.g. entry.round = ${loopCounter}; a conversation turn adds it to its message. Set it
			under Extension properties: no template offers it."""),

	APPEND_ANSWER_AS("appendAnswerAs", "Answer's field in the entry", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL,
			"""
					The field of each appended entry that holds the answer: content by default, result for the
					reference's per-agent results.""", AGENT_TASK, AGENT_SYNTHESIS, AGENT_JUDGE, AGENT_EVALUATOR,
			AGENT_CLASSIFIER),

	JSON_ANSWER("jsonAnswer", "Ask for a JSON answer", Type.YES_NO, Group.OUTPUT, "false", Need.OPTIONAL, """
			The model must answer with a JSON object.""", AGENT_TASK, AGENT_SYNTHESIS, AGENT_JUDGE),

	ANSWER_ONE_OF("answerOneOf", "Answer one of", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL, """
			The answer must be one of these choices: comma-separated 'choice' or 'choice=target' entries, or
			${variable} holding such a text or a list. Matched ignoring case, spaces, quotes and a final full
			stop; stored as listed (a plain String, for gateways). The choices are sent to the model as a JSON
			schema and named at the end of the prompt; an answer outside them is asked again once, saying why.
			'<result variable>Fallback' tells whether the fallback was taken.""", AGENT_TASK, AGENT_SYNTHESIS,
			AGENT_JUDGE, AGENT_CLASSIFIER),

	FALLBACK("fallback", "Fallback choice", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL, """
			With 'Answer one of': the choice taken when the agent answers outside the choices twice; without it
			that is an incident. Must be one of the choices (else an incident naming them).""", AGENT_TASK,
			AGENT_SYNTHESIS, AGENT_JUDGE, AGENT_CLASSIFIER),

	TARGET_VARIABLE("targetVariable", "Target variable", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL, """
			With 'Answer one of': receives the target of the chosen 'choice=target' entry (the choice itself
			when it has none), e.g. the agent that handles a route.""", AGENT_TASK, AGENT_SYNTHESIS, AGENT_JUDGE,
			AGENT_CLASSIFIER),

	ANSWER_FIELDS("answerFields", "Answer fields", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL, """
			The model answers a JSON object with these fields: comma-separated 'name' or 'name: value|value',
			e.g. 'verdict: pass|revise, feedback'. Each field becomes a process variable: one with listed values
			a plain String spelled as listed (for gateways), others a text of any length; a list entry (Append
			to list) holds the fields instead of the content. Sent to the model as a JSON schema; an unusable
			answer is sent back once with what was wrong, then the task becomes an incident.""", AGENT_TASK,
			AGENT_SYNTHESIS, AGENT_JUDGE, AGENT_EVALUATOR),

	ANSWER_SCHEMA("answerSchema", "Answer schema", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL, """
			A JSON Schema the answer must satisfy (draft 2020-12 unless $schema names another), e.g. {"type":
			"object", "properties": {"title": {"type": "string"}, "tags": {"type": "array", "items": {"type":
			"string"}, "maxItems": 5}}, "required": ["title"]}. Checked when the diagram is deployed (a broken
			schema refuses the deployment, naming this element). Sent to the model as response_format
			json_schema and at the end of the prompt; the answer is validated, sent back once with the
			validation errors, and if still invalid the task ends on the BPMN error INVALID_ANSWER (catch it with
			an error boundary event; '<result variable>Error' says why). The parsed JSON is stored in the result
			variable as JSON (maps, lists, numbers). Not together with 'Answer one of' or 'Answer
			fields'.""", AGENT_TASK, AGENT_PLAN),

	ANSWER_SCHEMA_RESOURCE("answerSchemaResource", "Answer schema file", Type.STRING, Group.OUTPUT, null, Need.OPTIONAL,
			"""
					Instead of 'Answer schema': the name of a JSON Schema file deployed together with the diagram
					(Modeler: include it in the deployment; or put it beside the diagram in processes/), e.g.
					invoice.schema.json.""", AGENT_TASK),

	/** Not on an agent task: marks the call activity that runs its tool calls. */
	TOOL_CALLS("toolCalls", "Runs tool calls", Type.HIDDEN, null, "true", Need.OPTIONAL, """
			Marks the call activity that runs the processes an agent task asked for as tools (set by the Tool
			processes template).""", RUN_TOOL_PROCESSES);

	/**
	 * How the Modeler shows a property. Camunda 7's element templates allow only String,
	 * Hidden and Dropdown for a {@code camunda:property} binding (no Text, no Boolean:
	 * the Modeler refuses such a template), so a yes/no property is a dropdown.
	 */
	public enum Type {

		STRING("String", Map.of()), YES_NO("Dropdown", Map.of("No", "false", "Yes", "true")),
		HIDDEN("Hidden", Map.of());

		private final String modeler;

		private final Map<String, String> choices;

		Type(String modeler, Map<String, String> choices) {
			this.modeler = modeler;
			this.choices = new TreeMap<>(choices);
		}

		/** The element templates' name of this type. */
		public String modeler() {
			return this.modeler;
		}

		/** A dropdown's choices: the name shown, the value set. */
		public Map<String, String> choices() {
			return this.choices;
		}

	}

	/** Whether the task needs the property set. */
	enum Need {

		REQUIRED, OPTIONAL

	}

	private final String key;

	private final String label;

	private final Type type;

	private final Group group;

	private final String value;

	private final boolean required;

	private final String description;

	private final Set<ElementTemplate> templates;

	AgentTaskProperty(String key, String label, Type type, Group group, String value, Need need, String description,
			ElementTemplate... templates) {
		this.key = key;
		this.label = label;
		this.type = type;
		this.group = group;
		this.value = value;
		this.required = need == Need.REQUIRED;
		// One paragraph, however the text block wraps it.
		this.description = description.strip().replaceAll("\\s+", " ");
		this.templates = (templates.length > 0) ? EnumSet.of(templates[0], templates)
				: EnumSet.noneOf(ElementTemplate.class);
	}

	/** The property's name in the BPMN XML ({@code camunda:property name}). */
	public String key() {
		return this.key;
	}

	public String label() {
		return this.label;
	}

	public Type type() {
		return this.type;
	}

	Group group() {
		return this.group;
	}

	/** What the Modeler fills in unless a template presets another value, or null. */
	public String value() {
		return this.value;
	}

	/** Whether a task that reads the property fails without it. */
	public boolean required() {
		return this.required;
	}

	public String description() {
		return this.description;
	}

	Set<ElementTemplate> templates() {
		return this.templates;
	}

}
