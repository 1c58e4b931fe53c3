package io.bpmnagents.mcpserver;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.contract.InputField;
import io.bpmnagents.contract.InputType;
import io.bpmnagents.contract.ProcessContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process tool's input schema says what the process's contract accepts, so an outside
 * agent can fill it in without a refusal.
 */
class ToolSchemasTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final ProcessContract CONTRACT = new ProcessContract(List.of(
			new InputField("task", "Task", InputType.LONG_TEXT, true, null, null, null, false, List.of(), List.of()),
			new InputField("maxRounds", "Rounds", InputType.LOOP_COUNT, false, 3, null, 500.0, true, List.of(),
					List.of()),
			new InputField("temperature", "Heat", InputType.NUMBER, false, null, 0.0, 2.0, false, List.of(), List.of()),
			new InputField("tone", "Tone", InputType.CHOICE, true, "calm", null, null, false, List.of("calm", "bold"),
					List.of()),
			new InputField("synthesizer", "Synthesizer", InputType.AGENT, false, null, null, null, false, List.of(),
					List.of("none")),
			new InputField("requireApproval", "Approve", InputType.FLAG, false, false, null, null, false, List.of(),
					List.of())),
			List.of("result"), Map.of(), List.of());

	private final JsonNode schema = JSON.valueToTree(ToolSchemas.input(CONTRACT, List.of("judge", "writer"), 50, 120));

	@Test
	void requiredAreTheFieldsARunMustGiveAndThatHaveNoDefault() {
		assertThat(this.schema.path("required")).extracting(JsonNode::asText).containsExactly("task");
	}

	@Test
	void loopCountsAreWholeNumbersCappedByTheServersLimit() {
		assertThat(this.schema.at("/properties/maxRounds/type").asText()).isEqualTo("integer");
		assertThat(this.schema.at("/properties/maxRounds/minimum").asDouble()).isEqualTo(1);
		assertThat(this.schema.at("/properties/maxRounds/maximum").asDouble()).isEqualTo(50);
		assertThat(this.schema.at("/properties/maxRounds/default").asInt()).isEqualTo(3);
		assertThat(this.schema.at("/properties/temperature/type").asText()).isEqualTo("number");
		assertThat(this.schema.at("/properties/temperature/maximum").asDouble()).isEqualTo(2);
	}

	@Test
	void choicesAndAgentsAreEnumsAndFlagsBooleans() {
		assertThat(this.schema.at("/properties/tone/enum")).extracting(JsonNode::asText)
			.containsExactly("calm", "bold");
		assertThat(this.schema.at("/properties/synthesizer/enum")).extracting(JsonNode::asText)
			.containsExactly("judge", "writer", "none");
		assertThat(this.schema.at("/properties/requireApproval/type").asText()).isEqualTo("boolean");
		assertThat(this.schema.at("/properties/task/description").asText()).isEqualTo("Task: a string.");
	}

	@Test
	void theCallsOwnArgumentsAreOfferedBesideTheContract() {
		assertThat(this.schema.at("/properties/_waitSeconds/maximum").asLong()).isEqualTo(120);
		assertThat(this.schema.at("/properties/_businessKey/type").asText()).isEqualTo("string");
	}

}
