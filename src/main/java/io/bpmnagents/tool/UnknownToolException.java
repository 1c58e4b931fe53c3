package io.bpmnagents.tool;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** A configuration or a model names a tool that no bean provides. */
public class UnknownToolException extends IllegalArgumentException {

	public UnknownToolException(String where, Collection<String> unknown, Set<String> known) {
		super(where + " names unknown tool" + ((unknown.size() == 1) ? " " : "s ") + String.join(", ", unknown)
				+ ". Known tools: " + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))) + ".");
	}

}
