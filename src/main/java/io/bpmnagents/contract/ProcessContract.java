package io.bpmnagents.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one version of a process accepts and gives back, read from its deployed model:
 * inputs from the start form, outputs and rules from the process's extension properties.
 *
 * @param inputs the declared inputs, in form order
 * @param outputs the variables shown as a run's output
 * @param noResultWhen input values with which the run ends without one result to approve
 * (e.g. {@code synthesizer=none} for a broadcast)
 * @param handsInputTo processes that receive all of this process's variables through a
 * call activity and so check the rest of the input themselves
 */
public record ProcessContract(List<InputField> inputs, List<String> outputs, Map<String, String> noResultWhen,
		List<String> handsInputTo) {

	/**
	 * The contract of a process whose model declares nothing: it takes its input as
	 * given.
	 */
	public static final ProcessContract NONE = new ProcessContract(List.of(), List.of(), Map.of(), List.of());

	public ProcessContract {
		inputs = List.copyOf(inputs);
		outputs = List.copyOf(outputs);
		noResultWhen = Map.copyOf(noResultWhen);
		handsInputTo = List.copyOf(handsInputTo);
	}

	/**
	 * Whether the model declares its inputs (a start form); if not, input is taken as
	 * given.
	 */
	public boolean declaresInputs() {
		return !this.inputs.isEmpty();
	}

	public Optional<InputField> input(String name) {
		return this.inputs.stream().filter((field) -> field.name().equals(name)).findFirst();
	}

}
