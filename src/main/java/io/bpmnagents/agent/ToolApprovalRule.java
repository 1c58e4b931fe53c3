package io.bpmnagents.agent;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One entry of an {@code approveTools} list: a tool name ({@code *} for every tool),
 * optionally followed by {@code when <field> <op> <value>}, so that only calls whose
 * arguments match wait for a person, e.g. {@code issue_refund when amount > 100}.
 * <p>
 * The condition is read by this small parser, never by an expression language: the field
 * is a dotted path into the arguments ({@code customer.country}), the operator one of
 * {@code > >= < <= = !=}, the value a number or a word (quotes optional). A call whose
 * field is missing or of another kind waits for a person too: when in doubt, ask.
 *
 * @param tool the tool's name, or {@code *}
 * @param field the dotted path the condition reads, or null for every call
 * @param operator the comparison, or null
 * @param value the value compared with, or null
 */
public record ToolApprovalRule(String tool, String field, String operator, String value) {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern ENTRY = Pattern
		.compile("\\s*([A-Za-z0-9_.-]+|\\*)\\s*(?:\\s+when\\s+([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)\\s*"
				+ "(>=|<=|!=|=|>|<)\\s*(\"[^\"]*\"|'[^']*'|[^\\s\"']+)\\s*)?");

	/**
	 * The rules of an {@code approveTools} list (comma-separated entries).
	 * @throws IllegalArgumentException naming the entry that is not understood
	 */
	public static List<ToolApprovalRule> parse(String list, String where) {
		List<ToolApprovalRule> rules = new ArrayList<>();
		if (list == null || list.isBlank()) {
			return rules;
		}
		for (String entry : list.split(",")) {
			if (entry.isBlank()) {
				continue;
			}
			Matcher matcher = ENTRY.matcher(entry);
			if (!matcher.matches()) {
				throw new IllegalArgumentException(where + ": '" + entry.strip() + "' is no tool approval rule. "
						+ "Write a tool name, '*' for every tool, or a tool name with a condition on its arguments "
						+ "such as 'issue_refund when amount > 100' (operators > >= < <= = !=), separated by commas.");
			}
			String value = matcher.group(4);
			if (value != null && value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
				value = value.substring(1, value.length() - 1);
			}
			rules.add(new ToolApprovalRule(matcher.group(1), matcher.group(2), matcher.group(3), value));
		}
		return rules;
	}

	/** Whether any rule asks for approval of this call. */
	public static boolean anyApplies(List<ToolApprovalRule> rules, String tool, String arguments) {
		for (ToolApprovalRule rule : rules) {
			if (rule.applies(tool, arguments)) {
				return true;
			}
		}
		return false;
	}

	/** Whether this call needs approval by this rule. */
	public boolean applies(String name, String arguments) {
		if (!"*".equals(this.tool) && !this.tool.equals(name)) {
			return false;
		}
		if (this.field == null) {
			return true;
		}
		JsonNode node;
		try {
			node = JSON.readTree((arguments == null || arguments.isBlank()) ? "{}" : arguments);
		}
		catch (JsonProcessingException ex) {
			return true;
		}
		for (String part : this.field.split("\\.")) {
			node = (node != null) ? node.get(part) : null;
		}
		if (node == null || node.isNull() || node.isContainerNode()) {
			return true;
		}
		Integer compared = compare(node);
		if (compared == null) {
			return true;
		}
		return switch (this.operator) {
			case ">" -> compared > 0;
			case ">=" -> compared >= 0;
			case "<" -> compared < 0;
			case "<=" -> compared <= 0;
			case "=" -> compared == 0;
			default -> compared != 0;
		};
	}

	/** The argument compared with the rule's value, or null when they do not compare. */
	private Integer compare(JsonNode node) {
		BigDecimal number = number(this.value);
		if (number != null) {
			BigDecimal given = node.isNumber() ? node.decimalValue() : number(node.asText());
			return (given != null) ? given.compareTo(number) : null;
		}
		if (!"=".equals(this.operator) && !"!=".equals(this.operator)) {
			return null;
		}
		return node.asText().equals(this.value) ? 0 : 1;
	}

	private static BigDecimal number(String text) {
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
