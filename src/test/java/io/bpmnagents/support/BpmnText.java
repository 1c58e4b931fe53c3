package io.bpmnagents.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BPMN XML written out by hand, for the tests whose point is the XML itself: content the
 * app must refuse or must never evaluate (scripts, listeners, event handlers, hostile
 * expressions). Those elements stay literal in the test, as an attacker would write them;
 * only the wrapper around them (definitions, process, sequence flows) is shared here.
 * Every other test draws its diagram with Camunda's fluent model API
 * ({@link AgentTaskChains}, {@link People#emptyProcess}).
 */
public final class BpmnText {

	/** The XML declaration every diagram here starts with. */
	public static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

	private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");

	private BpmnText() {
	}

	/**
	 * An executable process {@code key} of these elements, as given, in definitions that
	 * declare the {@code bpmn} and {@code camunda} prefixes.
	 */
	public static String process(String key, String... elements) {
		return PROLOG + "\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
				+ " xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" id=\"Definitions_" + key
				+ "\" targetNamespace=\"test\">\n<bpmn:process id=\"" + key
				+ "\" isExecutable=\"true\" camunda:historyTimeToLive=\"P1D\">\n" + String.join("\n", elements)
				+ "\n</bpmn:process>\n</bpmn:definitions>\n";
	}

	/**
	 * As {@link #process}, the nodes one after another: a sequence flow from each to the
	 * next, by the first {@code id} each node declares.
	 */
	public static String sequence(String key, String... nodes) {
		List<String> elements = new ArrayList<>(List.of(nodes));
		for (int i = 1; i < nodes.length; i++) {
			elements.add("<bpmn:sequenceFlow id=\"Flow_" + i + "\" sourceRef=\"" + id(nodes[i - 1]) + "\" targetRef=\""
					+ id(nodes[i]) + "\" />");
		}
		return process(key, elements.toArray(String[]::new));
	}

	private static String id(String node) {
		Matcher id = ID.matcher(node);
		if (!id.find()) {
			throw new IllegalArgumentException("A node without an id: " + node);
		}
		return id.group(1);
	}

}
