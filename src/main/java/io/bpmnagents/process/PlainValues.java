package io.bpmnagents.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * A variable's value for showing or recording, read without instantiating any class the
 * value names: an object value stored as JSON becomes plain JSON data (maps, lists,
 * texts, numbers); one stored in another format stays its stored text. Read variables
 * serialized ({@code disableCustomObjectDeserialization()},
 * {@code getVariablesTyped(false)}) and pass them here.
 */
public final class PlainValues {

	private static final ObjectMapper JSON = new ObjectMapper();

	private PlainValues() {
	}

	/** Whether the value is an object kept serialized in a format other than JSON. */
	public static boolean isOtherFormat(TypedValue value) {
		return value instanceof SerializableValue serializable && !serializable.isDeserialized()
				&& !Variables.SerializationDataFormats.JSON.getName().equals(serializable.getSerializationDataFormat());
	}

	public static Object of(TypedValue value) {
		if (value == null) {
			return null;
		}
		if (value instanceof SerializableValue serializable && !serializable.isDeserialized()) {
			String text = serializable.getValueSerialized();
			if (text == null || isOtherFormat(value)) {
				return text;
			}
			try {
				return JSON.readValue(text, Object.class);
			}
			catch (JsonProcessingException ex) {
				return text;
			}
		}
		return value.getValue();
	}

}
