package io.bpmnagents.run;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;

/**
 * The engine refused to start a run with the given input: a variable that an expression
 * of the model needs is missing or of the wrong kind. Answered with 400, naming the
 * variable and the element of the model whose expression failed, so the person starting
 * the run, or the modeller, knows what to change.
 */
class StartRefusedException extends RuntimeException {

	private static final Pattern IDENTIFIER = Pattern
		.compile("(?:identifier|[Vv]ariable|property) '([A-Za-z_][A-Za-z0-9_]*)'");

	private static final Pattern EXPRESSION = Pattern.compile("([$#]\\{[^}]*})");

	private static final Pattern ELEMENT_WITH_ID = Pattern
		.compile("<[A-Za-z_][\\w.-]*:?[\\w.-]*\\b[^>]*?\\sid=\"([^\"]+)\"");

	private final String variable;

	private final String element;

	private StartRefusedException(String message, String variable, String element) {
		super(message);
		this.variable = variable;
		this.element = element;
	}

	String variable() {
		return this.variable;
	}

	String element() {
		return this.element;
	}

	static StartRefusedException of(String process, ProcessEngineException ex, BpmnModelInstance model, String xml) {
		String cause = rootMessage(ex);
		String messages = allMessages(ex);
		Matcher identifier = IDENTIFIER.matcher(messages);
		String variable = identifier.find() ? identifier.group(1) : null;
		Matcher expression = EXPRESSION.matcher(messages);
		Optional<BaseElement> element = expression.find() ? usingExpression(model, xml, expression.group(1))
				: Optional.empty();
		StringBuilder message = new StringBuilder("Process '").append(process).append("' could not start");
		element.ifPresent((found) -> message.append(" at ").append(describe(found)));
		message.append(": ").append(cause);
		if (variable != null) {
			message.append(" Give '").append(variable).append("' in the run's input, or set it in the model.");
		}
		return new StartRefusedException(message.toString(), variable, element.map(BaseElement::getId).orElse(null));
	}

	private static String describe(BaseElement element) {
		String name = (element instanceof FlowElement flow) ? flow.getName() : null;
		return "'" + element.getId() + "'" + ((name != null) ? " (" + name + ")" : "");
	}

	/**
	 * The element of the model whose XML holds the expression: the last element with an
	 * id that opens before it (extension elements and conditions carry no id).
	 */
	private static Optional<BaseElement> usingExpression(BpmnModelInstance model, String xml, String expression) {
		int at = (xml != null) ? xml.indexOf(expression) : -1;
		if (at < 0) {
			return Optional.empty();
		}
		Matcher tag = ELEMENT_WITH_ID.matcher(xml.substring(0, at));
		String id = null;
		while (tag.find()) {
			id = tag.group(1);
		}
		return (id != null && model.getModelElementById(id) instanceof BaseElement element) ? Optional.of(element)
				: Optional.empty();
	}

	private static String allMessages(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static String rootMessage(Throwable ex) {
		String message = ex.getMessage();
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().length() < 300) {
				message = cause.getMessage();
			}
		}
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

}
