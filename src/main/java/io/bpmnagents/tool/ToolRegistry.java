package io.bpmnagents.tool;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.bpmnagents.mcp.McpToolbox;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The tools agents may be given: every method of a Spring bean that carries LangChain4j's
 * {@code @Tool}, by its tool name (the annotation's {@code name}, else the method's). The
 * model sees each through LangChain4j's tool specification (name, description, JSON
 * schema of its parameters); LangChain4j's executor parses the model's arguments and
 * calls the method. A tool's failure is its result, never the task's: the model reads the
 * error and may try otherwise.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ToolRegistry {

	private final ListableBeanFactory beans;

	private final McpToolbox mcp;

	private volatile Map<String, RegisteredTool> tools;

	private record RegisteredTool(Object bean, ToolSpecification specification, ToolExecutor executor,
			boolean readOnly) {
	}

	/** The names of every tool. */
	public Set<String> names() {
		return tools().keySet();
	}

	/**
	 * Checks that every name is a tool, or offers the tools of a declared MCP server
	 * ({@code mcp:<server>}, {@code mcp:<server>/<tool>}): a diagram cannot point an
	 * agent at a server the administrator did not declare.
	 * @param where what names them, for the message
	 * @throws UnknownToolException naming the unknown ones and the known ones
	 */
	public void requireKnown(Collection<String> names, String where) {
		List<String> unknown = names.stream()
			.filter((name) -> McpToolbox.isOffer(name) ? !this.mcp.declares(name) : !tools().containsKey(name))
			.distinct()
			.toList();
		if (!unknown.isEmpty()) {
			Set<String> known = new TreeSet<>(names());
			known.addAll(this.mcp.offers());
			throw new UnknownToolException(where, unknown, known);
		}
	}

	/**
	 * The names with each MCP offer replaced by the names of the tools it offers (as the
	 * servers list them now).
	 */
	public List<String> expand(List<String> names) {
		if (names.stream().noneMatch(McpToolbox::isOffer)) {
			return names;
		}
		// The MCP offers are named together, from one reading of the names.
		Map<String, List<String>> offered = this.mcp
			.toolsByOffer(names.stream().filter(McpToolbox::isOffer).distinct().toList());
		Set<String> expanded = new LinkedHashSet<>();
		names.forEach((name) -> expanded.addAll(McpToolbox.isOffer(name) ? offered.get(name) : List.of(name)));
		return List.copyOf(expanded);
	}

	/** The MCP server whose tool this is, if it is one. */
	public Optional<String> serverOf(String name) {
		return tools().containsKey(name) ? Optional.empty() : this.mcp.serverOf(name);
	}

	/**
	 * Whether the tool changes nothing outside its run: a Java tool marked
	 * {@link ReadOnlyTool}, or an MCP tool whose server hints {@code readOnlyHint}. Any
	 * other tool, and a name that is no tool here (a process run as a tool), may change
	 * the world.
	 */
	public boolean readOnly(String name) {
		RegisteredTool tool = tools().get(name);
		return (tool != null) ? tool.readOnly() : this.mcp.readOnly(name);
	}

	/** What the model is told of the named tools, in the order given. */
	public List<ToolSpecification> specifications(Collection<String> names) {
		List<ToolSpecification> specifications = new ArrayList<>();
		List<String> java = new ArrayList<>();
		for (String name : names) {
			RegisteredTool tool = tools().get(name);
			Optional<ToolSpecification> mcpTool = (tool == null) ? this.mcp.specification(name) : Optional.empty();
			if (tool == null && mcpTool.isEmpty()) {
				java.add(name);
			}
			else {
				specifications.add((tool != null) ? withChoices(tool) : mcpTool.get());
			}
		}
		requireKnown(java, "The request");
		return specifications;
	}

	/**
	 * Runs one tool call on behalf of {@code context}.
	 * @return the result the model reads, or the error it reads
	 * @throws RuntimeException a {@link ToolCallAbort} the tool met: the agent's call
	 * cannot go on
	 */
	public Outcome execute(String name, String arguments, ToolContext context) {
		RegisteredTool tool = tools().get(name);
		if (tool == null) {
			Optional<McpToolbox.Result> result = this.mcp.call(name, arguments);
			if (result.isPresent()) {
				return new Outcome(result.get().text(), result.get().error());
			}
			return Outcome.error("There is no tool named '" + name + "'. Use one of the tools you were given.");
		}
		try {
			// The context reaches the tool's @ToolMemoryId parameter.
			ToolExecutionResult result = tool.executor()
				.executeWithContext(ToolExecutionRequest.builder()
					.name(name)
					.arguments((arguments == null || arguments.isBlank()) ? "{}" : arguments)
					.build(), InvocationContext.builder().chatMemoryId(context).build());
			String text = (result.resultText() != null) ? result.resultText() : "";
			return result.isError() ? Outcome.error(text) : Outcome.result(text);
		}
		catch (RuntimeException ex) {
			RuntimeException abort = ToolCallAbort.in(ex);
			if (abort != null) {
				throw abort;
			}
			return Outcome.error(describe(ex));
		}
	}

	/** A tool's result, or the error that took its place. */
	public record Outcome(String result, String error) {

		static Outcome result(String text) {
			return new Outcome(text, null);
		}

		static Outcome error(String text) {
			return new Outcome(null, text);
		}

	}

	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return (root != ex && ex.getMessage() != null && !ex.getMessage().contains(message))
				? ex.getMessage() + ": " + message : message;
	}

	private ToolSpecification withChoices(RegisteredTool tool) {
		if (!(tool.bean() instanceof ToolChoices choices)) {
			return tool.specification();
		}
		Map<String, List<String>> allowed = choices.choices(tool.specification().name());
		JsonObjectSchema parameters = tool.specification().parameters();
		if (allowed.isEmpty() || parameters == null) {
			return tool.specification();
		}
		Map<String, JsonSchemaElement> properties = new LinkedHashMap<>(parameters.properties());
		allowed.forEach((parameter, values) -> {
			JsonSchemaElement current = properties.get(parameter);
			if (current != null && !values.isEmpty()) {
				properties.put(parameter,
						JsonEnumSchema.builder().enumValues(values).description(current.description()).build());
			}
		});
		return tool.specification()
			.toBuilder()
			.parameters(parameters.toBuilder().addProperties(properties).build())
			.build();
	}

	private Map<String, RegisteredTool> tools() {
		Map<String, RegisteredTool> found = this.tools;
		if (found == null) {
			synchronized (this) {
				found = this.tools;
				if (found == null) {
					found = scan();
					this.tools = found;
					// An MCP tool that has a Java tool's name is offered under a
					// prefixed one.
					this.mcp.reserve(found.keySet());
				}
			}
		}
		return found;
	}

	/** Every {@code @Tool} method of every bean; two tools of one name are an error. */
	private Map<String, RegisteredTool> scan() {
		Map<String, RegisteredTool> found = new TreeMap<>();
		Map<String, String> origin = new TreeMap<>();
		for (String beanName : this.beans.getBeanDefinitionNames()) {
			Class<?> type = this.beans.getType(beanName, false);
			if (type == null) {
				continue;
			}
			Class<?> userType = ClassUtils.getUserClass(type);
			List<Method> methods = new ArrayList<>();
			for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userType)) {
				if (method.isAnnotationPresent(Tool.class)) {
					methods.add(method);
				}
			}
			if (methods.isEmpty()) {
				continue;
			}
			Object bean = this.beans.getBean(beanName);
			for (Method method : methods) {
				ToolSpecification specification = ToolSpecifications.toolSpecificationFrom(method);
				String where = userType.getName() + "." + method.getName();
				String earlier = origin.putIfAbsent(specification.name(), where);
				if (earlier != null) {
					throw new IllegalStateException("Two tools are named '" + specification.name() + "': " + earlier
							+ " and " + where + ". Give one another name with @Tool(name = …).");
				}
				found.put(specification.name(),
						new RegisteredTool(bean, specification,
								DefaultToolExecutor.builder()
									.object(bean)
									.originalMethod(method)
									.methodToInvoke(method)
									// so that an abort (ToolCallAbort) is seen, not made
									// an error
									// text
									.propagateToolExecutionExceptions(true)
									.build(),
								method.isAnnotationPresent(ReadOnlyTool.class)));
			}
		}
		return Collections.unmodifiableMap(found);
	}

}
