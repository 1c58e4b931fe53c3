package io.bpmnagents.tool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.support.ToolModels;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The tool-call loop of an agent task, against an in-process model that asks for tools as
 * each test scripts it, and tools that count how often they run.
 */
@Import(ToolLoopProcessTest.TestTools.class)
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:tool-process-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=toolProcessTests" })
class ToolLoopProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	TranscriptStore transcript;

	@Autowired
	ToolCallStore toolCalls;

	@Autowired
	TestTools tools;

	@Autowired
	WorkspaceStore workspace;

	@BeforeEach
	void deployTheToolUser() {
		this.tools.lookups.set(0);
		this.repository.createDeployment()
			.addString("tool-user.bpmn", ToolModels.askWithTools("tool-user", "lookup_fact, broken_tool"))
			.deploy();
	}

	@Test
	void aModelThatAsksForToolsWhereNoneAreOfferedHasNoAnswerAndTheAttemptIsRecordedAsFailed() {
		this.model.scriptMessage("writer", (call) -> AiMessage.from(request("c1", "lookup_fact", "{}")));
		this.repository.createDeployment()
			.addString("no-tools.bpmn",
					AgentTaskChains.xml("no-tools", Step.of("Task_Ask", "writer", "${task}", "result").withTools("")))
			.deploy();

		RunView run = this.runs.start("no-tools", Map.of("task", "Explain the tides"));
		this.driver.runUntilQuiet();

		List<TranscriptEntry> entries = this.transcript.forRun(run.id());
		assertThat(entries).isNotEmpty().allSatisfy((entry) -> {
			assertThat(entry.response()).isNull();
			assertThat(entry.error()).contains("asked agent 'writer' for tool calls, but no tools were offered");
			assertThat(entry.endedAt()).isNotNull();
		});
		assertThat(this.tools.lookups).hasValue(0);
	}

	@Test
	void theModelAsksForAToolAndAnswersWithItsResult() {
		this.model.scriptMessage("researcher",
				(call) -> call.toolResults().isEmpty()
						? AiMessage.from(request("c1", "lookup_fact", "{\"topic\":\"tides\"}"))
						: AiMessage.from("Answer using " + call.toolResults().get(0).text()));

		RunView run = this.runs.start("tool-user", Map.of("task", "Explain the tides"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Task_Ask");
		assertThat(result(run)).isEqualTo("Answer using Fact about tides");
		assertThat(this.tools.lookups).hasValue(1);
		List<FakeModel.Call> calls = this.model.callsOf("researcher");
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).tools()).containsExactly("lookup_fact", "broken_tool");
		assertThat(calls.get(1).toolResults()).singleElement().satisfies((result) -> {
			assertThat(result.id()).isEqualTo("c1");
			assertThat(result.toolName()).isEqualTo("lookup_fact");
		});
		List<TranscriptEntry> entries = this.transcript.forRun(run.id());
		assertThat(entries).hasSize(2);
		assertThat(entries.get(0).response()).isNull();
		assertThat(entries.get(1).response()).isEqualTo("Answer using Fact about tides");
		assertThat(entries.get(1).contextMessages()).extracting((turn) -> turn.role())
			.containsExactly("system", "user", "assistant", "tool");
		assertThat(this.toolCalls.forRun(run.id())).singleElement().satisfies((tool) -> {
			assertThat(tool.modelCallId()).isEqualTo(entries.get(0).id());
			assertThat(tool.tool()).isEqualTo("lookup_fact");
			assertThat(tool.arguments()).isEqualTo("{\"topic\":\"tides\"}");
			assertThat(tool.result()).isEqualTo("Fact about tides");
			assertThat(tool.error()).isNull();
			assertThat(tool.latencyMs()).isNotNull();
			assertThat(tool.step()).isZero();
			assertThat(tool.server()).as("a Java tool has no server").isNull();
		});
	}

	@Test
	void aBudgetSpentInsideAskAgentEndsTheAgentsCallInsteadOfBecomingAToolErrorForTheModel() {
		this.repository.createDeployment()
			.addString("asker.bpmn", ToolModels.askWithTools("asker", "ask_agent"))
			.deploy();
		this.model.scriptMessage("researcher",
				(call) -> call.toolResults().isEmpty()
						? AiMessage.from(request("c1", "ask_agent", "{\"agent\":\"writer\",\"question\":\"Why?\"}"))
						: AiMessage.from("Carried on after " + call.toolResults().get(0).text()));

		RunView run = this.runs.start("asker", Map.of("task", "Explain the tides", "maxCalls", 1));
		this.driver.runUntilQuiet();

		// The researcher's call was the one the budget allowed; the writer was never
		// asked,
		// and the researcher was not told of a failed tool and asked to go on.
		assertThat(this.model.callsOf("researcher")).hasSize(1);
		assertThat(this.model.callsOf("writer")).isEmpty();
		assertThat(this.toolCalls.forRun(run.id())).singleElement().satisfies((tool) -> {
			assertThat(tool.tool()).isEqualTo("ask_agent");
			assertThat(tool.result()).isNull();
			assertThat(tool.error()).isNull();
		});
		assertThat(this.runs.view(run.id()).incidents()).singleElement()
			.satisfies((incident) -> assertThat(incident.toString()).contains("BUDGET_EXHAUSTED"));
	}

	@Test
	void theFallbackOfAnAnswerRuleIsNotedOnTheRejectedAnswerAlsoWhenTheAgentUsedToolsToGiveIt() {
		this.repository.createDeployment()
			.addString("chooser.bpmn",
					AgentTaskChains.xml("chooser",
							ToolModels.ask("lookup_fact").with("answerOneOf", "tea, coffee").with("fallback", "tea")))
			.deploy();
		// Each question: a tool call first, then an answer outside the choices.
		this.model.scriptMessage("researcher",
				(call) -> call.toolResults().isEmpty()
						? AiMessage.from(request("c1", "lookup_fact", "{\"topic\":\"drinks\"}"))
						: AiMessage.from("astronaut food"));

		RunView run = this.runs.start("chooser", Map.of("task", "Tea or coffee?"));
		this.driver.runUntilQuiet();

		assertThat(result(run)).isEqualTo("tea");
		List<TranscriptEntry> answered = this.transcript.forRun(run.id())
			.stream()
			.filter((entry) -> entry.response() != null)
			.toList();
		assertThat(answered).hasSize(2);
		assertThat(answered.get(0).note()).isNull();
		assertThat(answered.get(1).note()).startsWith("Answer not used").contains("the task took its fallback: tea");
	}

	@Test
	void aFailingToolGoesBackToTheModelAsAnErrorAndTheTaskCompletes() {
		this.model.scriptMessage("researcher",
				(call) -> call.toolResults().isEmpty() ? AiMessage.from(request("c1", "broken_tool", "{}"))
						: AiMessage.from("Without the archive: " + call.toolResults().get(0).text()));

		RunView run = this.runs.start("tool-user", Map.of("task", "Look it up"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("researcher").get(1).toolResults().get(0).text())
			.contains("the archive is offline");
		assertThat(this.toolCalls.forRun(run.id())).singleElement().satisfies((tool) -> {
			assertThat(tool.result()).isNull();
			assertThat(tool.error()).contains("the archive is offline");
		});
	}

	@Test
	void anUnknownToolAndOneNotOfferedGoBackToTheModelAsErrors() {
		this.model.scriptMessage("researcher",
				(call) -> call.toolResults().isEmpty()
						? AiMessage.from(List.of(request("c1", "no_such_tool", "{}"),
								request("c2", "workspace_write", "{\"key\":\"k\",\"text\":\"t\"}")))
						: AiMessage.from("done"));

		RunView run = this.runs.start("tool-user", Map.of("task", "Try tools"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("researcher").get(1).toolResults()).extracting((result) -> result.text())
			.satisfiesExactly((unknown) -> assertThat(unknown).contains("no tool named 'no_such_tool'"),
					(notOffered) -> assertThat(notOffered).contains("no tool named 'workspace_write'"));
		assertThat(this.toolCalls.forRun(run.id())).extracting(ToolCallEntry::error).allMatch((e) -> e != null);
	}

	@Test
	void callsBeyondTheLimitAreRefusedAndTheModelAnswersWithoutTools() {
		List<ToolExecutionRequest> twelve = IntStream.range(0, 12)
			.mapToObj((i) -> request("c" + i, "lookup_fact", "{\"topic\":\"t" + i + "\"}"))
			.toList();
		this.model.scriptMessage("researcher",
				(call) -> call.tools().isEmpty() ? AiMessage.from("answer from what I have") : AiMessage.from(twelve));

		RunView run = this.runs.start("tool-user", Map.of("task", "Many lookups"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(result(run)).isEqualTo("answer from what I have");
		assertThat(this.tools.lookups).hasValue(10);
		FakeModel.Call last = this.model.callsOf("researcher").get(1);
		assertThat(last.tools()).isEmpty();
		assertThat(last.toolResults()).hasSize(12);
		assertThat(last.toolResults().subList(10, 12)).allSatisfy(
				(refused) -> assertThat(refused.text()).contains("Tool call limit reached", "at most 10 tool calls"));
	}

	@Test
	void aTaskDeliveredAgainDoesNotRunARecordedToolCallAgain() {
		AtomicInteger modelCalls = new AtomicInteger();
		this.model.scriptMessage("researcher", (call) -> switch (modelCalls.incrementAndGet()) {
			case 1 -> AiMessage.from(request("c1", "lookup_fact", "{\"topic\":\"moon\"}"));
			case 2 -> throw new IllegalStateException("connection reset after the tool ran");
			default -> AiMessage.from("Final: " + call.toolResults().get(0).text());
		});

		RunView run = this.runs.start("tool-user", Map.of("task", "Ask the moon"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(result(run)).isEqualTo("Final: Fact about moon");
		assertThat(modelCalls).hasValue(3);
		assertThat(this.tools.lookups).hasValue(1);
		assertThat(this.transcript.forRun(run.id())).extracting(TranscriptEntry::attempt).containsExactly(1, 1, 2);
		assertThat(this.toolCalls.forRun(run.id())).hasSize(1);
	}

	@Test
	void whatOneToolCallWritesToTheWorkspaceTheNextReads() {
		this.repository.createDeployment()
			.addString("workspace-user.bpmn",
					ToolModels.askWithTools("workspace-user", "workspace_write, workspace_read"))
			.deploy();
		this.model.scriptMessage("researcher", (call) -> switch (call.toolResults().size()) {
			case 0 -> AiMessage.from(request("w", "workspace_write", "{\"key\":\"tide\",\"text\":\"high at noon\"}"));
			case 1 -> AiMessage.from(List.of(request("r", "workspace_read", "{\"key\":\"tide\"}"),
					request("m", "workspace_read", "{\"key\":\"moon\"}")));
			default ->
				AiMessage.from("read: " + call.toolResults().get(1).text() + " / " + call.toolResults().get(2).text());
		});

		RunView run = this.runs.start("workspace-user", Map.of("task", "Note the tide"));
		this.driver.runUntilQuiet();

		assertThat(result(run)).isEqualTo("read: high at noon / Nothing is stored under 'moon'. Stored keys: tide.");
		assertThat(this.workspace.all(run.id())).containsExactly(Map.entry("tide", "high at noon"));
	}

	@Test
	void aProcessOfferedAsToolThatIsNotDeployedIsAnIncidentNamingIt() {
		this.repository.createDeployment()
			.addString("process-tool-user.bpmn",
					AgentTaskChains.xml("process-tool-user",
							Step.of("Task_Ask", "researcher", "${task}", "result")
								.with("toolProcesses", "no-such-process")))
			.deploy();

		RunView run = this.runs.start("process-tool-user", Map.of("task", "Ask someone"));
		this.driver.runUntilQuiet();

		assertThat(this.runs.view(run.id()).incidents()).singleElement()
			.satisfies((incident) -> assertThat(incident.message()).contains("Process 'no-such-process'")
				.contains("not deployed"));
		assertThat(this.model.calls()).isEmpty();
	}

	@Test
	void aModelNamingAnUnknownToolIsNotDeployed() {
		assertThatThrownBy(() -> this.repository.createDeployment()
			.addString("bad.bpmn", ToolModels.askWithTools("bad-tool-user", "lookup_fact, lookup_fakt"))
			.deploy()).hasMessageContaining("Agent task 'Task_Ask'")
			.hasMessageContaining("unknown tool lookup_fakt")
			.hasMessageContaining("Known tools: ask_agent, broken_tool, issue_refund, lookup_fact");
		assertThat(this.repository.createProcessDefinitionQuery().processDefinitionKey("bad-tool-user").count())
			.isZero();
	}

	/** The run's variable, read from history once the run has ended. */
	private Object result(RunView run) {
		return this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(run.id())
			.variableName("result")
			.singleResult()
			.getValue();
	}

	private static ToolExecutionRequest request(String id, String name, String arguments) {
		return ToolExecutionRequest.builder().id(id).name(name).arguments(arguments).build();
	}

	/**
	 * Tools for these tests, a bean itself: one that counts its runs, one that always
	 * fails.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class TestTools {

		final AtomicInteger lookups = new AtomicInteger();

		@Tool(name = "lookup_fact", value = "Looks up a fact about a topic")
		public String lookup(@P(name = "topic", value = "The topic") String topic) {
			this.lookups.incrementAndGet();
			return "Fact about " + topic;
		}

		@Tool(name = "broken_tool", value = "Always fails")
		public String broken() {
			throw new IllegalStateException("the archive is offline");
		}

	}

}
