package io.bpmnagents.task;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.modeler.AgentTaskProperty;
import io.bpmnagents.process.ReservedVariables;
import io.bpmnagents.process.Variable;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.variable.Variables;

/**
 * What a call activity marked {@code toolCalls = true} (the "Tool processes" template)
 * does around each called process, one per element {@code toolRequest} of the
 * multi-instance over {@code toolRequests} ({@link ProcessToolCalls}): at its start the
 * model's arguments become local variables, which the call activity hands to the called
 * process ({@code camunda:in variables="all" local="true"}), where its contract checks
 * them; at its end the outputs the called process declares, handed back locally
 * ({@code camunda:out variables="all" local="true"}), become the call's result in
 * {@code toolResults}, for the agent task.
 */
final class ToolCallActivity {

	static final String MARKER = AgentTaskProperty.TOOL_CALLS.key();

	static final String REQUEST = ReservedVariables.TOOL_REQUEST;

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private ToolCallActivity() {
	}

	/**
	 * Sets the request's arguments as local variables of the call, those the called
	 * process declares as inputs only: the model sets nothing else of the run it starts
	 * (the agent task refused other arguments to the model already).
	 * @param inputs the inputs a process key declares
	 */
	static ExecutionListener handInArguments(Function<String, Set<String>> inputs) {
		return (execution) -> {
			Map<?, ?> request = request(execution);
			Set<String> declared = asTheApp(() -> inputs.apply(String.valueOf(request.get("process"))));
			Map<String, Object> arguments = arguments(request);
			// Only the inputs the called process declares, and never the name of a
			// variable the app keeps for itself: the called process would read it as the
			// app's own.
			arguments.forEach((name, value) -> {
				if (declared.contains(name) && ReservedVariables.refusal(name, true) == null) {
					execution.setVariableLocal(name, typed(name, value));
				}
			});
		};
	}

	/**
	 * Puts the called process's declared outputs (or its {@code result}) under the
	 * request's id into {@code toolResults}.
	 * @param outputs the outputs a process key declares
	 */
	static ExecutionListener collectResult(Function<String, List<String>> outputs) {
		return (execution) -> {
			Map<?, ?> request = request(execution);
			List<String> declared = asTheApp(() -> outputs.apply(String.valueOf(request.get("process"))));
			Map<String, Object> result = new LinkedHashMap<>();
			for (String name : declared.isEmpty() ? List.of("result") : declared) {
				Object value = execution.getVariableLocal(name);
				if (value != null) {
					result.put(name, value);
				}
			}
			Map<String, String> results = new HashMap<>();
			if (execution.getVariable(ProcessToolCalls.RESULTS) instanceof Map<?, ?> earlier) {
				earlier.forEach((id, text) -> results.put(String.valueOf(id), String.valueOf(text)));
			}
			results.put(String.valueOf(request.get("id")), write(result));
			execution.setVariable(ProcessToolCalls.RESULTS, Variable.textMap(ProcessToolCalls.RESULTS).typed(results));
		};
	}

	/**
	 * Reads the called process's contract as the app: the call may end in a person's
	 * command (a task completed in Tasklist), whose grants need not include reading
	 * process definitions.
	 */
	private static <T> T asTheApp(Supplier<T> lookup) {
		CommandContext context = Context.getCommandContext();
		if (context == null || !context.isAuthorizationCheckEnabled()) {
			return lookup.get();
		}
		context.disableAuthorizationCheck();
		try {
			return lookup.get();
		}
		finally {
			context.enableAuthorizationCheck();
		}
	}

	private static Map<?, ?> request(DelegateExecution execution) {
		if (execution.getVariable(REQUEST) instanceof Map<?, ?> request) {
			return request;
		}
		throw new IllegalStateException("The call activity '" + execution.getCurrentActivityId()
				+ "' runs tool calls: make it a multi-instance over ${" + ProcessToolCalls.REQUESTS
				+ "} with element variable '" + REQUEST + "' (Tool processes template).");
	}

	/** The model's arguments; arguments that are no JSON object hand in nothing. */
	private static Map<String, Object> arguments(Map<?, ?> request) {
		Object arguments = request.get("arguments");
		try {
			Map<String, Object> parsed = (arguments != null) ? JSON.readValue(arguments.toString(), OBJECT) : null;
			return (parsed != null) ? parsed : Map.of();
		}
		catch (JsonProcessingException ex) {
			return Map.of();
		}
	}

	/** Texts of any length and lists as JSON values; numbers and flags as they are. */
	@SuppressWarnings("unchecked")
	private static Object typed(String name, Object value) {
		if (value instanceof String text) {
			return (text.length() > 3000) ? Variable.text(name).typed(text) : Variables.stringValue(text);
		}
		if (value instanceof List<?> list) {
			return Variables.objectValue(list)
				.serializationDataFormat(Variables.SerializationDataFormats.JSON)
				.create();
		}
		if (value instanceof Map<?, ?> map) {
			return Variables.objectValue(map).serializationDataFormat(Variables.SerializationDataFormats.JSON).create();
		}
		return value;
	}

	private static String write(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			return String.valueOf(value);
		}
	}

}
