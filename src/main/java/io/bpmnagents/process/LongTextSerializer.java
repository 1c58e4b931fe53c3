package io.bpmnagents.process;

import java.nio.charset.StandardCharsets;

import org.camunda.bpm.engine.impl.variable.serializer.PrimitiveValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.ValueFields;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.impl.value.UntypedValueImpl;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.StringValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Stores a String variable longer than a Camunda text column (4,000 characters) in the
 * byte-array table instead, so a long text is kept whole whoever sets it: Tasklist's
 * start form, {@code /engine-rest}, a call activity or an expression. It is read back as
 * an ordinary String variable; shorter Strings are stored as Camunda always does.
 */
class LongTextSerializer extends PrimitiveValueSerializer<StringValue> {

	static final String NAME = "longString";

	/** The size of Camunda's TEXT_ columns (runtime, history and history details). */
	static final int TEXT_COLUMN = 4000;

	LongTextSerializer() {
		super(ValueType.STRING);
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	protected boolean canWriteValue(TypedValue value) {
		return value.getValue() instanceof String text && text.length() > TEXT_COLUMN;
	}

	@Override
	public StringValue convertToTypedValue(UntypedValueImpl untypedValue) {
		return Variables.stringValue((String) untypedValue.getValue(), untypedValue.isTransient());
	}

	@Override
	public StringValue readValue(ValueFields valueFields, boolean asTransientValue) {
		byte[] bytes = valueFields.getByteArrayValue();
		return Variables.stringValue((bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null,
				asTransientValue);
	}

	@Override
	public void writeValue(StringValue value, ValueFields valueFields) {
		valueFields.setByteArrayValue(value.getValue().getBytes(StandardCharsets.UTF_8));
	}

}
