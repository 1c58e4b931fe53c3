package io.bpmnagents.modeler;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.bpmnagents.modeler.AgentTaskProperty.AGENT;
import static io.bpmnagents.modeler.AgentTaskProperty.ANSWER_FIELDS;
import static io.bpmnagents.modeler.AgentTaskProperty.ANSWER_ONE_OF;
import static io.bpmnagents.modeler.AgentTaskProperty.ANSWER_SCHEMA;
import static io.bpmnagents.modeler.AgentTaskProperty.APPEND_TO;
import static io.bpmnagents.modeler.AgentTaskProperty.PROMPT;
import static io.bpmnagents.modeler.AgentTaskProperty.RESULT_VARIABLE;

/**
 * The Modeler's element templates
 * ({@code processes/.camunda/element-templates/agent-tasks.json}): what each is for, and
 * what it adds to the properties that name it in {@link AgentTaskProperty#templates()}:
 * values it presets (a preset property is required in that template, which is made for
 * it), notes on what a property means in its task, hidden values, and the bindings that
 * are no extension property (the external task's topic, a call activity's called element
 * and variables). The settings are lambdas, so that this enum and
 * {@link AgentTaskProperty}, which name each other, initialise in either order.
 */
enum ElementTemplate {

	AGENT_TASK("io.bpmnagents.AgentTask", "Agent task", 1, "agent-task", """
			One agent answers a prompt. Its earlier exchanges in the run are sent along (memory); the call is
			recorded in the transcript; failures are retried, then become an incident.""",
			(it) -> it.preset(AGENT, "researcher").commitInOwnJob()),

	AGENT_SYNTHESIS("io.bpmnagents.AgentSynthesis", "Agent synthesis", 1, "agent-task", """
			An agent combines the contributions collected so far into one result.""", (it) -> it
		.preset(AGENT, "coordinator")
		.preset(PROMPT, "Task: ${task}\n\nTeam contributions:\n${contributions}\n\n"
				+ "Synthesize these contributions into one coherent final result that keeps the best points of each.")
		.commitInOwnJob()),

	AGENT_JUDGE("io.bpmnagents.AgentJudge", "Agent judge", 1, "agent-task", """
			An impartial agent weighs a debate: summary, strengths and weaknesses of each side, the winner and a
			synthesis.""",
			(it) -> it.preset(AGENT, "judge")
				.preset(PROMPT,
						"Evaluate this debate and determine the stronger position.\n\nTopic: ${task}\n\n"
								+ "Debate:\n${debate}\n\nProvide:\n1. Summary of key arguments\n"
								+ "2. Strengths and weaknesses of each side\n"
								+ "3. Your judgment on which side argued more effectively\n"
								+ "4. A synthesized conclusion incorporating the best points")
				.commitInOwnJob()),

	AGENT_EVALUATOR("io.bpmnagents.AgentEvaluator", "Agent evaluator", 1, "agent-task", """
			One agent evaluates and answers a JSON object with the listed fields, e.g. a verdict a gateway tests
			and feedback. An unusable answer is sent back once with what was wrong, then the task becomes an
			incident.""",
			(it) -> it.preset(AGENT, "reviewer")
				.preset(RESULT_VARIABLE, "evaluation")
				.preset(ANSWER_FIELDS, "verdict: pass|revise, feedback")
				.commitInOwnJob()),

	AGENT_CLASSIFIER("io.bpmnagents.AgentClassifier", "Agent classifier", 1, "agent-task", """
			One agent picks one of a list of choices, e.g. a route. An answer outside the list is asked again
			once; then the fallback choice is taken and recorded in '<result variable>Fallback'.""",
			(it) -> it.preset(AGENT, "coordinator")
				.preset(RESULT_VARIABLE, "route")
				.preset(ANSWER_ONE_OF, "${routes}")
				.commitInOwnJob()),

	AGENT_PLAN("io.bpmnagents.AgentPlan", "Agent plan (manager)", 3, "agent-plan", """
			The agent named in 'Agent' (usually ${manager}) answers its prompt with a JSON plan
			{"assignments":[{"worker","subtask"}]} over the workers in the process variable 'agents'. The plan
			must satisfy the answer schema below (sent as response_format, with the run's workers as the values
			'worker' may take) and name only those workers; an invalid plan is sent back once with what was
			wrong, a second one raises the BPMN error INVALID_ANSWER ('result' says why). A usable plan sets
			'plan' (list of {worker, subtask}).""", (it) -> it.preset(AGENT, "${manager}")
		.note(AGENT, "Here the manager, who plans.")
		.preset(PROMPT,
				"Task: ${task}\n\nAvailable workers:\n${agents:roles}\n\n"
						+ "Create a plan assigning subtasks to workers.\n"
						+ "Return JSON: {\"assignments\": [{\"worker\": \"name\", \"subtask\": \"description\"}]}")
		.note(PROMPT, "Here: what the manager is asked; ${agents:roles} lists the workers as lines '- name: role'.")
		.preset(ANSWER_SCHEMA, "{\"type\":\"object\",\"properties\":{\"assignments\":{\"type\":\"array\","
				+ "\"minItems\":1,\"items\":{\"type\":\"object\",\"properties\":{\"worker\":{\"type\":\"string\","
				+ "\"description\":\"one of the available workers\"},\"subtask\":{\"type\":\"string\","
				+ "\"minLength\":1,\"description\":\"what this worker does\"}},\"required\":[\"worker\",\"subtask\"],"
				+ "\"additionalProperties\":false}}},\"required\":[\"assignments\"],\"additionalProperties\":false}")
		.describe(ANSWER_SCHEMA,
				"The JSON Schema of the plan, checked when the diagram is deployed. Keep "
						+ "'assignments' with 'worker' and 'subtask' items: the run's workers are added as the values "
						+ "'worker' may take.")),

	CONVERSATION_TURN("io.bpmnagents.ConversationTurn", "Conversation turn", 2, "conversation-turn", """
			One turn of a round-robin conversation over the agents in 'agents': the speaker is agents[turns mod
			N]; its reply is appended to 'conversation' ({turn, speaker, message}) and becomes 'result'; 'status'
			becomes completed when the reply contains 'terminationPhrase', max_turns_reached after 'maxTurns'
			turns, else running. Loop back to this task while status == 'running'.""",
			(it) -> it.fixed(APPEND_TO, "conversation")
				.preset(PROMPT, "Task: ${task}\n\nConversation so far:\n${conversation:last3}\n\n"
						+ "This is turn ${turn}. Respond to continue the conversation. If the task is complete, "
						+ "end your response with ${terminationPhrase} on a line of its own.")
				.note(PROMPT, "Here: what the speaker is asked; besides process variables, ${turn} is this turn's "
						+ "number, ${speaker} the agent speaking, and ${conversation:last3} shows the last three "
						+ "messages as '[speaker]: message' lines.")),

	RESULT_APPROVAL("io.bpmnagents.ResultApproval", "Result approval", 2, null, """
			Put it before the end event: when the run asks for approval (requireApproval = true), a person
			approves the result in Tasklist, or sends it back with a comment and an agent reworks it; otherwise
			the result passes on unchanged (calls the result-approval process, which decides). No gateway
			needed.""",
			(it) -> it.entries(
					"""
							[
							  {"type": "Hidden", "value": "result-approval", "binding": {"type": "property", "name": "calledElement"}},
							  {"type": "Hidden", "value": "requireApproval", "binding": {"type": "camunda:in", "target": "requireApproval"}},
							  {"type": "Hidden", "value": "task", "binding": {"type": "camunda:in", "target": "task"}},
							  {"type": "Hidden", "value": "result", "binding": {"type": "camunda:in", "target": "result"}},
							  {"label": "Agent that reworks a rejected result", "type": "String", "value": "${synthesizer}",
							   "binding": {"type": "camunda:in", "target": "reviser", "expression": true}, "group": "approval",
							   "description": "An expression naming the agent, usually the one that produced the result: ${synthesizer}, ${manager}, ${judge}, or a name in quotes such as ${'editor'}.",
							   "constraints": {"notEmpty": true}},
							  {"type": "Hidden", "value": "result", "binding": {"type": "camunda:out", "source": "result"}},
							  {"type": "Hidden", "value": "approved", "binding": {"type": "camunda:out", "source": "approved"}},
							  {"type": "Hidden", "value": "comment", "binding": {"type": "camunda:out", "source": "comment"}}
							]""")),

	RUN_TOOL_PROCESSES("io.bpmnagents.ToolProcesses", "Tool processes", 1, null, """
			Runs the processes an agent task asked for as tools (its 'toolProcesses'). Put it after an exclusive
			gateway 'Tools requested?' (condition ${toolsRequested}) behind the agent task, and a flow from it
			back to the agent task; mark it sequential multi-instance over ${toolRequests} with element variable
			toolRequest. Each requested call starts its process with the model's arguments as input; the
			process's declared outputs go back to the agent.""",
			(it) -> it.entries(
					"""
							[
							  {"type": "Hidden", "value": "${toolRequest.process}", "binding": {"type": "property", "name": "calledElement"}},
							  {"type": "Hidden", "binding": {"type": "camunda:in", "variables": "local"}},
							  {"type": "Hidden", "binding": {"type": "camunda:out", "variables": "local"}}
							]""")),

	RUN_DEADLINE("io.bpmnagents.RunDeadline", "Run deadline", 1, null, """
			Put it in a non-interrupting timer event subprocess 'Deadline' (timer duration
			${execution.getVariable('deadline') != null ? execution.getVariable('deadline') : 'P36500D'}) next to
			an error event subprocess 'Run ends early' (error start event without an error, code variable
			endCode, message variable endMessage). When the deadline passes it ends the run (TIMED_OUT), or asks
			the user or group in escalateTo to extend, finish with what is there, or cancel (calls the
			run-deadline process). Copy both from any built-in diagram.""", (it) -> it.entries("""
			[
			  {"type": "Hidden", "value": "run-deadline", "binding": {"type": "property", "name": "calledElement"}},
			  {"type": "Hidden", "value": "deadline", "binding": {"type": "camunda:in", "target": "deadline"}},
			  {"type": "Hidden", "value": "escalateTo", "binding": {"type": "camunda:in", "target": "escalateTo"}},
			  {"type": "Hidden", "value": "task", "binding": {"type": "camunda:in", "target": "task"}}
			]"""));

	private final String id;

	private final String name;

	private final int version;

	private final String topic;

	private final String description;

	private final Consumer<Settings> settings;

	/**
	 * @param topic the external task's topic, or null for a call activity
	 */
	ElementTemplate(String id, String name, int version, String topic, String description,
			Consumer<Settings> settings) {
		this.id = id;
		this.name = name;
		this.version = version;
		this.topic = topic;
		this.description = description.strip().replaceAll("\\s+", " ");
		this.settings = settings;
	}

	String id() {
		return this.id;
	}

	/** The name in the Modeler's template catalogue. */
	String label() {
		return this.name;
	}

	int version() {
		return this.version;
	}

	/** The external task's topic, or null when the template makes a call activity. */
	String topic() {
		return this.topic;
	}

	String description() {
		return this.description;
	}

	/** The properties this template offers, in the declaration's order. */
	List<AgentTaskProperty> properties() {
		List<AgentTaskProperty> offered = new ArrayList<>();
		for (AgentTaskProperty property : AgentTaskProperty.values()) {
			if (property.templates().contains(this)) {
				offered.add(property);
			}
		}
		return offered;
	}

	Settings settings() {
		Settings settings = new Settings();
		this.settings.accept(settings);
		return settings;
	}

	/** What a template adds to the declared properties. */
	static final class Settings {

		final Map<AgentTaskProperty, String> presets = new EnumMap<>(AgentTaskProperty.class);

		final Map<AgentTaskProperty, String> notes = new EnumMap<>(AgentTaskProperty.class);

		final Map<AgentTaskProperty, String> fixed = new EnumMap<>(AgentTaskProperty.class);

		final Map<AgentTaskProperty, String> descriptions = new EnumMap<>(AgentTaskProperty.class);

		boolean commitInOwnJob;

		String entries = "[]";

		Settings preset(AgentTaskProperty property, String value) {
			this.presets.put(property, value);
			return this;
		}

		Settings note(AgentTaskProperty property, String note) {
			this.notes.put(property, note);
			return this;
		}

		/**
		 * Another description, where the template's task reads the property its own way
		 * (the declared one would mislead there).
		 */
		Settings describe(AgentTaskProperty property, String description) {
			this.descriptions.put(property, description);
			return this;
		}

		/** A hidden value, for a property the template's task needs set one way. */
		Settings fixed(AgentTaskProperty property, String value) {
			this.fixed.put(property, value);
			return this;
		}

		/**
		 * Offers asyncAfter: a task that may end in a parallel join commits its answer
		 * first.
		 */
		Settings commitInOwnJob() {
			this.commitInOwnJob = true;
			return this;
		}

		/** Bindings that are no extension property, as the templates' JSON. */
		Settings entries(String json) {
			this.entries = json;
			return this;
		}

	}

}
