package io.bpmnagents.ask;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.agent.AgentOutcome;
import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.agent.AgentRequest;
import io.bpmnagents.agent.AgentService;
import io.bpmnagents.budget.UsageCalculator;
import io.bpmnagents.dataset.DatasetCase;
import io.bpmnagents.dataset.Datasets;
import io.bpmnagents.guardrail.GuardrailRepromptException;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.Usage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.stereotype.Service;

/**
 * A person's direct question to one agent. Everything that can refuse it is checked
 * before the model is asked: who asks ({@code bpmn-agents.ask.groups}), the agent, the
 * message, the tools (some of the agent's own) and the dataset to save it to. The
 * question gets an id, {@code ask-<uuid>}, under which its calls are in the transcript
 * and who asked is recorded; a guardrail that sends an answer back has it asked again, as
 * in a task.
 */
@Service
class AgentAsks {

	/** The BPMN-free activity id the transcript shows for a direct question. */
	static final String ACTIVITY = "ask";

	private final AgentRegistry registry;

	private final AgentService agents;

	private final AskStore asks;

	private final UsageCalculator usage;

	private final Datasets datasets;

	private final IdentityService identity;

	private final List<String> groups;

	AgentAsks(AgentRegistry registry, AgentService agents, AskStore asks, UsageCalculator usage, Datasets datasets,
			IdentityService identity, AskProperties properties) {
		this.registry = registry;
		this.agents = agents;
		this.asks = asks;
		this.usage = usage;
		this.datasets = datasets;
		this.identity = identity;
		this.groups = properties.groups();
	}

	/**
	 * Body of {@code POST /api/agents/{name}/ask}.
	 *
	 * @param context what the agent should know besides the question, sent before it
	 * @param tools names of the agent's own tools to offer (none by default)
	 * @param saveAs the dataset to save the exchange to as a case
	 */
	record Question(String message, String context, List<String> tools, SaveAs saveAs) {
	}

	/**
	 * Where to save an exchange: its case's input is {@code {"task": message}} (and
	 * {@code context}), its expected facts {@code expected} or else the answer.
	 */
	record SaveAs(String dataset, String expected) {
	}

	/** The answer, what it cost, and under which id the transcript holds its calls. */
	record Answer(String id, String agent, String answer, Usage usage, String savedTo) {
	}

	Answer ask(String name, Question question) {
		String person = checkMayAsk();
		AgentDefinition agent = this.registry.find(name).orElseThrow(() -> new AskExceptions.NoSuchAgent(name));
		if (question == null || question.message() == null || question.message().isBlank()) {
			throw new AskExceptions.InvalidQuestion(
					"'message' must not be empty: it is the question the agent answers.");
		}
		List<String> tools = (question.tools() != null) ? question.tools() : List.of();
		for (String tool : tools) {
			if (tool == null || tool.isBlank()) {
				throw new AskExceptions.InvalidQuestion("'tools' holds an empty name: name tools of agent '" + name
						+ "' (" + (agent.tools().isEmpty() ? "it has none" : String.join(", ", agent.tools())) + ").");
			}
			if (!agent.tools().contains(tool)) {
				throw new AskExceptions.InvalidQuestion(
						"'tools': agent '" + name + "' has no tool '" + tool + "'; its tools are "
								+ (agent.tools().isEmpty() ? "none" : String.join(", ", agent.tools())) + ".");
			}
		}
		String dataset = (question.saveAs() != null) ? question.saveAs().dataset() : null;
		if (question.saveAs() != null) {
			if (dataset == null || dataset.isBlank()) {
				throw new AskExceptions.InvalidQuestion("'saveAs.dataset' names the dataset to save the exchange to.");
			}
			this.datasets.checkMayAdd(dataset);
		}
		String id = "ask-" + UUID.randomUUID();
		this.asks.asked(new AskStore.Ask(id, name, person, Instant.now()));
		String answer = answer(id, name, question, tools);
		if (dataset != null) {
			this.datasets.add(dataset, new DatasetCase(id, caseInput(question),
					(question.saveAs().expected() != null) ? question.saveAs().expected() : answer, id));
		}
		return new Answer(id, name, answer, this.usage.of(id), dataset);
	}

	private String answer(String id, String name, Question question, List<String> tools) {
		List<ChatTurn> context = (question.context() != null && !question.context().isBlank())
				? List
					.of(ChatTurn.user("What you need to know for the question that follows:\n\n" + question.context()))
				: List.of();
		String prompt = question.message();
		for (int asked = 0;; asked++) {
			String key = (asked == 0) ? id : id + "/again-" + asked;
			// No process instance: the question's id stands for the run and the instance.
			AgentRequest request = new AgentRequest(id, id, null, ACTIVITY, key, name, prompt, false, null, context,
					List.of());
			try {
				AgentOutcome outcome = this.agents.askDirectly(request, tools);
				if (outcome instanceof AgentOutcome.Answered answered) {
					return answered.text();
				}
				throw new AskExceptions.Unanswerable("The agent's call of "
						+ ((AgentOutcome.ToolsRequested) outcome).calls()
							.stream()
							.map(AgentOutcome.ToolCall::tool)
							.toList()
						+ " waits for a person's approval (approve-tools), which a direct question cannot wait for: "
						+ "ask without offering that tool, or in a run.");
			}
			catch (GuardrailRepromptException ex) {
				if (asked >= ex.reprompts()) {
					throw ex.exhausted();
				}
				prompt = ex.followUp(question.message());
			}
		}
	}

	private static Map<String, Object> caseInput(Question question) {
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("task", question.message());
		if (question.context() != null && !question.context().isBlank()) {
			input.put("context", question.context());
		}
		return input;
	}

	/**
	 * The questions to an agent the person may read: their own; an administrator's: all.
	 */
	List<AskStore.Ask> readable(String name, int limit) {
		if (this.registry.find(name).isEmpty()) {
			throw new AskExceptions.NoSuchAgent(name);
		}
		Authentication person = this.identity.getCurrentAuthentication();
		boolean all = person == null || AccessGroups.isAdministrator(person.getGroupIds());
		return this.asks.latest(name, all ? null : person.getUserId(), limit);
	}

	/** The person who asks, if they may; refused otherwise. */
	private String checkMayAsk() {
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null) {
			throw new AskExceptions.NotAllowed("A direct question is asked by a person: log in.");
		}
		List<String> in = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		if (!AccessGroups.isAdministrator(in) && in.stream().noneMatch(this.groups::contains)) {
			throw new AskExceptions.NotAllowed("User '" + person.getUserId()
					+ "' may not ask agents directly: each question is a paid model call, for members of "
					+ String.join(", ", this.groups) + " and administrators (bpmn-agents.ask.groups).");
		}
		return person.getUserId();
	}

}
