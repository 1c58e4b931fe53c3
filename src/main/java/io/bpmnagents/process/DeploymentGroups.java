package io.bpmnagents.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which files of the processes folder must share a deployment. Camunda resolves some
 * references inside the referring definition's own deployment: embedded and Camunda forms
 * with {@code :deployment:} keys, call activities, business rule tasks and form
 * references bound with {@code binding="deployment"}, and an agent task's
 * {@code answerSchemaResource}. Each model goes with what it refers to that way;
 * everything else is deployed alone, so a change versions only its group.
 */
final class DeploymentGroups {

	private static final Pattern FORM_KEY = Pattern.compile("(?:embedded|camunda-forms):deployment:([A-Za-z0-9_./-]+)");

	private static final Pattern TAG = Pattern.compile("<[A-Za-z:]+\\b[^>]*>");

	/** An agent task's answer schema read from a file of the same deployment. */
	private static final Pattern SCHEMA_FILE = Pattern
		.compile("name=\"answerSchemaResource\"\\s+value=\"([A-Za-z0-9_./-]+)\"");

	private static final Pattern DEPLOYMENT_BINDING = Pattern
		.compile("\\b(calledElement|camunda:decisionRef|camunda:formRef)Binding=\"deployment\"");

	private DeploymentGroups() {
	}

	/**
	 * @param files the folder's files by name
	 * @return groups of file names, each with at least one model, in name order
	 */
	static List<List<String>> of(Map<String, byte[]> files) {
		Map<String, String> parent = new HashMap<>();
		Map<String, String> definers = definers(files);
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			if (!isModel(file.getKey())) {
				continue;
			}
			parent.putIfAbsent(file.getKey(), file.getKey());
			String text = new String(file.getValue(), StandardCharsets.UTF_8);
			for (String referenced : references(text, definers)) {
				if (files.containsKey(referenced)) {
					union(parent, file.getKey(), referenced);
				}
			}
		}
		Map<String, TreeSet<String>> groups = new TreeMap<>();
		parent.keySet()
			.forEach((name) -> groups.computeIfAbsent(find(parent, name), (root) -> new TreeSet<>()).add(name));
		List<List<String>> result = new ArrayList<>();
		groups.values().stream().map(List::copyOf).sorted((a, b) -> a.get(0).compareTo(b.get(0))).forEach(result::add);
		return result;
	}

	static boolean isModel(String name) {
		return name.endsWith(".bpmn") || name.endsWith(".dmn") || name.endsWith(".form");
	}

	/** Files named by form keys, and files defining what a deployment binding names. */
	private static List<String> references(String text, Map<String, String> definers) {
		List<String> names = new ArrayList<>();
		Matcher form = FORM_KEY.matcher(text);
		while (form.find()) {
			names.add(form.group(1));
		}
		Matcher schema = SCHEMA_FILE.matcher(text);
		while (schema.find()) {
			names.add(schema.group(1));
		}
		Matcher tag = TAG.matcher(text);
		while (tag.find()) {
			Matcher binding = DEPLOYMENT_BINDING.matcher(tag.group());
			while (binding.find()) {
				Matcher target = Pattern.compile("\\b" + binding.group(1) + "=\"([^\"]+)\"").matcher(tag.group());
				if (target.find() && definers.containsKey(target.group(1))) {
					names.add(definers.get(target.group(1)));
				}
			}
		}
		return names;
	}

	/** Which file defines each process, decision and Camunda form id. */
	private static Map<String, String> definers(Map<String, byte[]> files) {
		Pattern definition = Pattern.compile(
				"<(?:[A-Za-z]+:)?(?:process|decision)\\b[^>]*\\bid=\"([^\"]+)\"|^\\s*\"id\"\\s*:\\s*\"([^\"]+)\"",
				Pattern.MULTILINE);
		Map<String, String> definers = new HashMap<>();
		files.forEach((name, content) -> {
			if (isModel(name)) {
				Matcher found = definition.matcher(new String(content, StandardCharsets.UTF_8));
				while (found.find()) {
					definers.putIfAbsent((found.group(1) != null) ? found.group(1) : found.group(2), name);
				}
			}
		});
		return definers;
	}

	private static String find(Map<String, String> parent, String name) {
		String root = name;
		while (!root.equals(parent.get(root))) {
			root = parent.get(root);
		}
		return root;
	}

	private static void union(Map<String, String> parent, String a, String b) {
		parent.putIfAbsent(b, b);
		parent.put(find(parent, a), find(parent, b));
	}

}
