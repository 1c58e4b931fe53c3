package io.bpmnagents.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the simulator answers when it is offered tools. */
class ToolCallRepliesTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String TOOLS = """
			"tools": [{"type": "function", "function": {"name": "ask_agent", "parameters": {"type": "object",
			  "properties": {"agent": {"type": "string", "enum": ["analyst", "writer"], "description": "The name of the agent"},
			                 "question": {"type": "string", "description": "The question"},
			                 "count": {"type": "integer"}, "urgent": {"type": "boolean"}}}}},
			  {"type": "function", "function": {"name": "workspace_read", "parameters": {"type": "object",
			  "properties": {"key": {"type": "string", "description": "The key to read"}}}}}]
			""";

	@Test
	void offeredToolsAndNoResultsYetAreAnsweredWithACallOfTheFirstToolWithArgumentsFromItsSchema() throws Exception {
		JsonNode request = JSON
			.readTree("{\"messages\": [{\"role\": \"user\", \"content\": \"Why  is the sky blue?\"}]," + TOOLS + "}");

		assertThat(ToolCallReplies.callsTool(request)).isTrue();
		JsonNode message = JSON.valueToTree(ToolCallReplies.toolCallMessage(request, "Why  is the sky blue?"));
		JsonNode call = message.path("tool_calls").get(0);
		assertThat(call.path("function").path("name").asText()).isEqualTo("ask_agent");
		assertThat(JSON.readTree(call.path("function").path("arguments").asText())).isEqualTo(JSON.readTree(
				"{\"agent\": \"analyst\", \"question\": \"Why is the sky blue?\", \"count\": 1, \"urgent\": true}"));
		assertThat(message.path("content").isNull()).isTrue();
		assertThat(ToolCallReplies.toolCallMessage(request, "Why  is the sky blue?"))
			.isEqualTo(ToolCallReplies.toolCallMessage(request, "Why  is the sky blue?"));
	}

	@Test
	void aTextFieldDescribedAsAKeyGetsAShortName() throws Exception {
		JsonNode schema = JSON.readTree(TOOLS.replaceFirst("^\\s*\"tools\":", ""))
			.get(1)
			.path("function")
			.path("parameters");

		assertThat(ToolCallReplies.arguments(schema, "a long prompt")).isEqualTo("{\"key\":\"notes\"}");
	}

	@Test
	void onceToolResultsArePresentTheAnswerQuotesThem() throws Exception {
		JsonNode request = JSON.readTree("""
				{"messages": [{"role": "user", "content": "Why?"},
				  {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
				    "function": {"name": "workspace_read", "arguments": "{}"}}]},
				  {"role": "tool", "tool_call_id": "c1", "content": "Rayleigh scattering"}],
				""" + TOOLS + "}");

		assertThat(ToolCallReplies.callsTool(request)).isFalse();
		assertThat(ToolCallReplies.quoted(request)).contains("From the tools:",
				"- workspace_read: Rayleigh scattering");
	}

	@Test
	void withoutToolsThereIsNoToolCallAndNothingToQuote() throws Exception {
		JsonNode request = JSON.readTree("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

		assertThat(ToolCallReplies.callsTool(request)).isFalse();
		assertThat(ToolCallReplies.quoted(request)).isEmpty();
	}

	@Test
	void anEnumValueThePromptNamesIsChosenOverTheFirstAsWhenToldWhomToMessage() throws Exception {
		JsonNode schema = JSON.readTree("""
				{"type": "object", "properties": {
				  "to": {"type": "string", "enum": ["all", "researcher", "writer", "editor"]},
				  "message": {"type": "string", "description": "The message to send"}}}
				""");

		assertThat(JSON.readTree(ToolCallReplies.arguments(schema, "Tell the writer: tides follow the moon")))
			.isEqualTo(JSON.readTree("{\"to\": \"writer\", \"message\": \"Tell the writer: tides follow the moon\"}"));
		assertThat(JSON.readTree(ToolCallReplies.arguments(schema, "Summarize the tides")).path("to").asText())
			.isEqualTo("all");
		// a name inside another word is no mention
		assertThat(JSON.readTree(ToolCallReplies.arguments(schema, "Ask the copywriters")).path("to").asText())
			.isEqualTo("all");
	}

	@Test
	void messagesFromOtherAgentsBeforeThePromptAreQuotedInTheAnswer() throws Exception {
		JsonNode request = JSON.readTree("""
				{"messages": [{"role": "system", "content": "You are a writer."},
				  {"role": "user", "content": "[From researcher]: Mind the spring tides"},
				  {"role": "user", "content": "Write it up"}]}
				""");

		assertThat(ToolCallReplies.received(request)).contains("Messages received:",
				"- [From researcher]: Mind the spring tides");
	}

	@Test
	void aPromptThatMerelyStartsLikeAMessageIsNotQuotedAsOne() throws Exception {
		JsonNode request = JSON.readTree("""
				{"messages": [{"role": "user", "content": "Earlier question"},
				  {"role": "user", "content": "[From researcher]: Which tone fits?"}]}
				""");

		assertThat(ToolCallReplies.received(request)).isEmpty();
	}

}
