package io.bpmnagents.process;

import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.producer.CacheAwareHistoryEventProducer;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * Camunda's history producer, except that a submitted form field longer than the
 * history's 4,000-character column is recorded shortened: the whole text is kept as the
 * variable it sets (see {@link LongTextSerializer}); the form-field history only notes
 * that it was submitted.
 */
class LongTextHistoryEventProducer extends CacheAwareHistoryEventProducer {

	@Override
	public HistoryEvent createFormPropertyUpdateEvt(ExecutionEntity execution, String propertyId, String propertyValue,
			String taskId) {
		return super.createFormPropertyUpdateEvt(execution, propertyId, shortened(propertyValue), taskId);
	}

	static String shortened(String value) {
		if (value == null || value.length() <= LongTextSerializer.TEXT_COLUMN) {
			return value;
		}
		String note = "… (" + value.length() + " characters in all: see the variable)";
		return value.substring(0, LongTextSerializer.TEXT_COLUMN - note.length()) + note;
	}

}
