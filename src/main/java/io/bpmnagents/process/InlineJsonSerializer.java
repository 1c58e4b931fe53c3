package io.bpmnagents.process;

import org.camunda.bpm.engine.impl.variable.serializer.ValueFields;
import org.camunda.bpm.engine.impl.variable.serializer.ValueFieldsImpl;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.spin.plugin.impl.SpinObjectValueSerializer;
import org.camunda.spin.spi.DataFormat;

/**
 * Camunda Spin's JSON serializer for object values (the lists and maps {@link Variable}
 * stores, such as a pipeline's growing {@code pipeline_results} and a run's
 * {@code agents}), except that a value whose JSON fits Camunda's text column (4,000
 * characters) is kept in the variable's own row ({@code TEXT_}, its class in
 * {@code TEXT2_} as always) instead of a row of the byte-array table. A step that
 * rewrites such a variable then reads, deletes and inserts no byte array, in the runtime
 * table nor in history, and reading the run's agents for the next step reads none either.
 * A longer value goes to the byte-array table as Spin stores it. Values are object values
 * in JSON as before, so Cockpit, {@code /engine-rest} and the run view read them
 * unchanged; variables stored earlier by Spin keep its name and are read by it.
 * <p>
 * Camunda notices that a deserialized object was changed in place by serializing it again
 * when its command ends, and compares the bytes only: for a value kept in the row there
 * are none, so into those check fields ({@link ValueFieldsImpl}, used by the engine for
 * that check alone) the bytes are written when the JSON differs from what was read.
 */
class InlineJsonSerializer extends SpinObjectValueSerializer {

	static final String NAME = "inlineJson";

	InlineJsonSerializer(DataFormat<?> json) {
		super(NAME, json);
	}

	@Override
	protected void writeToValueFields(ObjectValue value, ValueFields fields, byte[] serialized) {
		String text = (serialized != null) ? getSerializedStringValue(serialized) : null;
		if (text == null || text.length() > LongTextSerializer.TEXT_COLUMN) {
			super.writeToValueFields(value, fields, serialized);
			return;
		}
		fields.setTextValue(text);
		fields.setTextValue2(getObjectTypeName(value, fields));
		if (fields instanceof ValueFieldsImpl && !text.equals(value.getValueSerialized())) {
			fields.setByteArrayValue(serialized);
		}
	}

	@Override
	protected byte[] readSerializedValueFromFields(ValueFields fields) {
		String text = fields.getTextValue();
		return (text != null) ? getSerializedBytesValue(text) : fields.getByteArrayValue();
	}

}
