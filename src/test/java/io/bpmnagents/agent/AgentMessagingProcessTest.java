package io.bpmnagents.agent;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.bpmnagents.message.AgentMessage;
import io.bpmnagents.message.MessageStore;
import io.bpmnagents.message.MessageType;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Agents message agents inside a run: the researcher, offered {@code send_message} and
 * {@code ask_agent}, speaks first; then the writer, then the editor take their turns. A
 * message reaches its recipient's next turn as {@code [From <sender>]: <message>}, before
 * its prompt, and the run keeps the message history.
 */
class AgentMessagingProcessTest extends PatternProcessTest {

	private static final String TEAM = AgentTaskChains.xml("messaging-team",
			step("Task_Research", "researcher").withTools("send_message, ask_agent"), step("Task_Write", "writer"),
			step("Task_Edit", "editor"));

	@Autowired
	RepositoryService repository;

	@Autowired
	MessageStore messages;

	@Autowired
	TranscriptStore transcript;

	@BeforeEach
	void deployTheTeam() {
		this.repository.createDeployment().addString("messaging-team.bpmn", TEAM).deploy();
	}

	@Test
	void aDirectMessageReachesOnlyItsRecipientsNextTurnWithItsSender() {
		researcherCalls("send_message", "{\"to\":\"writer\",\"message\":\"Mind the spring tides\"}");

		RunView run = this.runs.start("messaging-team", Map.of("task", "Explain the tides"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassedInOrder("Task_Research", "Task_Write", "Task_Edit");
		assertThat(this.model.callsOf("researcher").get(1).toolResults().get(0).text())
			.isEqualTo("Sent to writer; it reads it in its next turn.");
		FakeModel.Call writer = this.model.callsOf("writer").get(0);
		assertThat(userTexts(writer)).containsExactly("[From researcher]: Mind the spring tides", "Explain the tides");
		assertThat(userTexts(this.model.callsOf("editor").get(0)))
			.doesNotContain("[From researcher]: Mind the spring tides");
		String writersCall = this.transcript.forRun(run.id())
			.stream()
			.filter((entry) -> entry.agent().equals("writer"))
			.findFirst()
			.orElseThrow()
			.activityId();
		assertThat(writersCall).isEqualTo("Task_Write");
		assertThat(this.messages.forRun(run.id())).singleElement().satisfies((message) -> {
			assertThat(message.type()).isEqualTo(MessageType.DIRECT);
			assertThat(message.from()).isEqualTo("researcher");
			assertThat(message.to()).isEqualTo("writer");
			assertThat(message.content()).isEqualTo("Mind the spring tides");
			assertThat(message.deliveredAt()).isNotNull();
		});
	}

	@Test
	void aTurnRetriedAfterAFailedModelCallCarriesTheSameMessageAgainAndTheHistoryKeepsItOnce() {
		researcherCalls("send_message", "{\"to\":\"writer\",\"message\":\"Mind the spring tides\"}");
		this.model.failNext("writer", 1);

		RunView run = this.runs.start("messaging-team", Map.of("task", "Explain the tides"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.callsOf("writer")).hasSize(2)
			.allSatisfy((call) -> assertThat(userTexts(call))
				.containsExactly("[From researcher]: Mind the spring tides", "Explain the tides"));
		assertThat(this.messages.forRun(run.id())).singleElement()
			.satisfies((message) -> assertThat(message.deliveredAt()).isNotNull());
	}

	@Test
	void aBroadcastReachesEveryAgentOfTheTeamButTheSender() {
		researcherCalls("send_message", "{\"to\":\"all\",\"message\":\"Sources are in the workspace\"}");

		RunView run = this.runs.start("messaging-team",
				Map.of("task", "Explain the tides", "agents", List.of("researcher", "writer", "editor")));
		this.driver.runUntilQuiet();

		assertThat(userTexts(this.model.callsOf("writer").get(0)))
			.containsExactly("[From researcher]: Sources are in the workspace", "Explain the tides");
		assertThat(userTexts(this.model.callsOf("editor").get(0)))
			.containsExactly("[From researcher]: Sources are in the workspace", "Explain the tides");
		assertThat(this.model.callsOf("researcher"))
			.allSatisfy((call) -> assertThat(userTexts(call)).noneMatch((text) -> text.startsWith("[From ")));
		assertThat(this.messages.forRun(run.id())).extracting(AgentMessage::type, AgentMessage::from, AgentMessage::to)
			.containsExactly(tuple(MessageType.BROADCAST, "researcher", "writer"),
					tuple(MessageType.BROADCAST, "researcher", "editor"));
		assertThat(this.messages.forRun(run.id()))
			.allSatisfy((message) -> assertThat(message.deliveredAt()).isNotNull());
	}

	@Test
	void aBroadcastWhileNoOtherAgentTakesPartIsAnErrorForTheModelAndSendsNothing() {
		researcherCalls("send_message", "{\"to\":\"all\",\"message\":\"Anyone?\"}");

		RunView run = this.runs.start("messaging-team", Map.of("task", "Explain the tides"));
		this.driver.runUntilQuiet();

		assertThat(this.model.callsOf("researcher").get(1).toolResults().get(0).text())
			.contains("No other agent takes part in this run yet");
		assertThat(this.messages.forRun(run.id())).isEmpty();
	}

	@Test
	void aMessageToAnUnknownAgentOrToItselfIsAnErrorForTheModelAndSendsNothing() {
		this.model.scriptMessage(
				"researcher", (
						call) -> call.toolResults().isEmpty()
								? AiMessage.from(
										List.of(request("c1", "send_message", "{\"to\":\"nobody\",\"message\":\"Hi\"}"),
												request("c2", "send_message",
														"{\"to\":\"researcher\",\"message\":\"Hi\"}")))
								: AiMessage.from("Done"));

		RunView run = this.runs.start("messaging-team", Map.of("task", "Explain the tides"));
		this.driver.runUntilQuiet();

		assertThat(this.model.callsOf("researcher").get(1).toolResults()).extracting((result) -> result.text())
			.satisfiesExactly((text) -> assertThat(text).contains("There is no agent named 'nobody'"),
					(text) -> assertThat(text).contains("You are researcher"));
		assertThat(this.messages.forRun(run.id())).isEmpty();
	}

	@Test
	void askAgentNamesItsCallerAndTheRequestAndReplyAreInTheHistory() {
		researcherCalls("ask_agent", "{\"agent\":\"writer\",\"question\":\"Which tone fits?\"}");
		this.model.script("writer", (call) -> call.prompt().startsWith("[From ") ? "A calm one" : "The text");

		RunView run = this.runs.start("messaging-team", Map.of("task", "Explain the tides"));
		this.driver.runUntilQuiet();

		assertThat(this.model.callsOf("writer").get(0).prompt()).isEqualTo("[From researcher]: Which tone fits?");
		assertThat(this.model.callsOf("researcher").get(1).toolResults().get(0).text()).isEqualTo("A calm one");
		assertThat(this.messages.forRun(run.id()))
			.extracting(AgentMessage::type, AgentMessage::from, AgentMessage::to, AgentMessage::content)
			.containsExactly(tuple(MessageType.REQUEST, "researcher", "writer", "Which tone fits?"),
					tuple(MessageType.REPLY, "writer", "researcher", "A calm one"));
		// The writer's own turn later remembers the question it answered (its memory),
		// and is not handed it again as a message.
		assertThat(userTexts(this.model.callsOf("writer").get(1)))
			.containsExactly("[From researcher]: Which tone fits?", "Explain the tides");
	}

	private void researcherCalls(String tool, String arguments) {
		this.model.scriptMessage("researcher", (call) -> call.toolResults().isEmpty()
				? AiMessage.from(request("c1", tool, arguments)) : AiMessage.from("Researched"));
	}

	private static List<String> userTexts(FakeModel.Call call) {
		return call.messages()
			.stream()
			.filter(UserMessage.class::isInstance)
			.map((ChatMessage message) -> ((UserMessage) message).singleText())
			.toList();
	}

	private static ToolExecutionRequest request(String id, String name, String arguments) {
		return ToolExecutionRequest.builder().id(id).name(name).arguments(arguments).build();
	}

	private static AgentTaskChains.Step step(String id, String agent) {
		return AgentTaskChains.Step.of(id, agent, "${task}", agent + "Result");
	}

}
