package io.bpmnagents.a2aserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.a2a.spec.DataPart;
import io.a2a.spec.InvalidParamsError;
import io.a2a.spec.Message;
import io.a2a.spec.Part;
import io.a2a.spec.TextPart;
import io.a2a.util.Utils;
import io.bpmnagents.contract.InputField;
import io.bpmnagents.contract.InputType;
import io.bpmnagents.contract.ProcessContract;

/**
 * A run's input from an A2A message: the fields of its data parts (and of a text part
 * that is a JSON object), and its plain text in the process's text field (the first
 * required text input; {@code task} for a process that declares no inputs). The process's
 * contract then checks the input, as for {@code POST /api/runs}.
 */
final class MessageInputs {

	private static final String DEFAULT_TEXT_FIELD = "task";

	private MessageInputs() {
	}

	/** The input a plain text goes into, when the process has one. */
	static Optional<InputField> textField(ProcessContract contract) {
		List<InputField> texts = contract.inputs()
			.stream()
			.filter((field) -> field.type() == InputType.TEXT || field.type() == InputType.LONG_TEXT)
			.toList();
		return texts.stream()
			.filter((field) -> field.required() && field.defaultValue() == null)
			.findFirst()
			.or(() -> texts.stream().findFirst());
	}

	static Map<String, Object> of(ProcessContract contract, Message message) {
		Map<String, Object> input = new LinkedHashMap<>();
		List<String> texts = new ArrayList<>();
		for (Part<?> part : (message.getParts() != null) ? message.getParts() : List.<Part<?>>of()) {
			if (part instanceof DataPart data && data.getData() != null) {
				input.putAll(data.getData());
			}
			else if (part instanceof TextPart text && text.getText() != null && !text.getText().isBlank()) {
				Map<String, Object> object = jsonObject(text.getText());
				if (object != null) {
					input.putAll(object);
				}
				else {
					texts.add(text.getText());
				}
			}
		}
		if (!texts.isEmpty()) {
			String field = textField(contract).map(InputField::name)
				.orElseGet(() -> contract.declaresInputs() ? null : DEFAULT_TEXT_FIELD);
			if (field == null) {
				throw new InvalidParamsError(null,
						"Field 'message': this process takes no text; send its inputs "
								+ "as a data part (see the skill's description on its agent card).",
						Map.of("field", "message"));
			}
			input.putIfAbsent(field, String.join("\n", texts));
		}
		return input;
	}

	private static Map<String, Object> jsonObject(String text) {
		String trimmed = text.strip();
		if (!trimmed.startsWith("{")) {
			return null;
		}
		try {
			return Utils.OBJECT_MAPPER.readValue(trimmed, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

}
