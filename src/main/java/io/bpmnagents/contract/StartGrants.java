package io.bpmnagents.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.modeler.AgentTaskProperty;
import io.bpmnagents.process.ExtensionProperties;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.bpmn.behavior.CallActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricProcessInstanceEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * A run starts only what its owner may start. Camunda checks the grant to start a process
 * only when a person starts it; a call activity starts its process for anybody. So a
 * person allowed to start a router, or an agent offered processes as tools, could start
 * any deployed process through it (a route {@code process:<id>}, a {@code toolProcesses}
 * entry). The owner is the person who started the run (the root process instance's start
 * user); the job executor and the agent worker run as nobody, so it is the owner's grants
 * that count, with their groups:
 * <ul>
 * <li>when a person starts a run (any route: {@code /api}, {@code /engine-rest},
 * Tasklist, a message), every process it may reach must be theirs to start
 * ({@code CREATE_INSTANCE} on the definition, {@code CREATE} on process instances): the
 * call activities that name their process, the processes agent tasks offer as tools
 * ({@code toolProcesses}), transitively, and the {@code process:<id>} handlers of its
 * input's entries (a router's routes); otherwise the start is refused naming the
 * process;</li>
 * <li>again before each call activity starts its process, as the run's owner, so a grant
 * withdrawn since, or a key an expression computed, is refused there.</li>
 * </ul>
 * The product's own callees ({@link #PRODUCT_CALLEES}: the approval and the deadline,
 * which every shipped pattern calls) are part of every run: a call activity that names
 * one starts it whatever the owner's grants, but no person starts one directly, and no
 * route or tool reaches one (a computed key). Administrators, and runs nobody started
 * (the app's own), are not restricted.
 */
final class StartGrants extends AbstractBpmnParseListener {

	/** Processes every pattern calls by name; nobody starts them on their own. */
	static final Set<String> PRODUCT_CALLEES = Set.of("result-approval", "run-deadline");

	/** The processes a definition's call activities name. */
	private static final String STARTS = "bpmn-agents.starts";

	/** The processes a definition's agent tasks offer as tools. */
	private static final String TOOLS = "bpmn-agents.toolProcesses";

	@Override
	public void parseCallActivity(Element element, ScopeImpl scope, ActivityImpl activity) {
		String called = element.attribute("calledElement");
		boolean named = called != null && !called.isBlank() && !called.contains("${") && !called.contains("#{");
		if (named) {
			starts(scope.getProcessDefinition()).add(called.strip());
		}
		activity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
				(ExecutionListener) (execution) -> checkCall((ExecutionEntity) execution, activity, named));
	}

	@Override
	public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
		String tools = ExtensionProperties.of(element).get(AgentTaskProperty.TOOL_PROCESSES.key());
		if (tools == null) {
			return;
		}
		for (String tool : tools.split(",")) {
			if (!tool.isBlank() && !tool.contains("${") && !tool.contains("#{")) {
				keys(scope.getProcessDefinition(), TOOLS).add(tool.strip());
			}
		}
	}

	@Override
	public void parseProcess(Element processElement, ProcessDefinitionEntity definition) {
		starts(definition);
		keys(definition, TOOLS);
		definition.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) (execution) -> {
			ExecutionEntity run = (ExecutionEntity) execution;
			if (run.isProcessInstanceExecution() && run.getSuperExecution() == null) {
				checkStart(run, definition);
			}
		});
	}

	/** A person starts a run: they may start it and everything it reaches. */
	private static void checkStart(ExecutionEntity run, ProcessDefinitionEntity definition) {
		CommandContext context = Context.getCommandContext();
		Authentication person = context.getAuthentication();
		if (person == null || person.getUserId() == null || unrestricted(context, person)) {
			return;
		}
		String user = person.getUserId();
		String key = definition.getKey();
		if (PRODUCT_CALLEES.contains(key)) {
			throw new AuthorizationException("User '" + user + "' may not start '" + key
					+ "' on its own: it is part of the runs of the product's processes, which start it themselves. "
					+ "Start one of those processes instead.");
		}
		// Keys reached, and whether by name, for the refusal's message; a route or a tool
		// is checked even where the same key is also named (the approval is named by
		// every pattern), as the model or the input picks it.
		Map<String, String> named = new LinkedHashMap<>();
		Map<String, String> tools = new LinkedHashMap<>();
		named(definition, named, tools, new LinkedHashSet<>(Set.of(key)), context);
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		for (String routed : routed(run, definition)) {
			require(context, user, groups, key, routed, "a route of its input", false);
		}
		tools.forEach((target, how) -> require(context, user, groups, key, target, how, false));
		named.forEach((target, how) -> require(context, user, groups, key, target, how, true));
	}

	private static void require(CommandContext context, String user, List<String> groups, String run, String target,
			String how, boolean byName) {
		boolean callee = PRODUCT_CALLEES.contains(target);
		if (callee ? byName : mayStart(context, user, groups, target)) {
			return;
		}
		throw new AuthorizationException("User '" + user + "' may not start this run of '" + run
				+ "': it would start process '" + target + "' (" + how + "), which "
				+ (callee ? "only the product's processes start, by name."
						: "they may not start. Ask an administrator for the grant to start '" + target
								+ "', or leave it out."));
	}

	/**
	 * The processes a definition names and offers as tools, and those these name and
	 * offer, transitively.
	 */
	private static void named(ProcessDefinitionEntity definition, Map<String, String> named, Map<String, String> tools,
			Set<String> seen, CommandContext context) {
		List<String> next = new ArrayList<>();
		for (String key : starts(definition)) {
			named.putIfAbsent(key, "named in '" + definition.getKey() + "'");
			next.add(key);
		}
		for (String key : keys(definition, TOOLS)) {
			tools.putIfAbsent(key, "a tool in '" + definition.getKey() + "'");
			next.add(key);
		}
		for (String key : next) {
			if (seen.add(key) && !PRODUCT_CALLEES.contains(key)) {
				ProcessDefinitionEntity called = latest(context, key);
				if (called != null) {
					named(called, named, tools, seen, context);
				}
			}
		}
	}

	/**
	 * The {@code process:<id>} handlers of the run's entries inputs (e.g. routing's
	 * {@code routes}), as given or else as defaulted.
	 */
	private static List<String> routed(ExecutionEntity run, ProcessDefinitionEntity definition) {
		List<String> keys = new ArrayList<>();
		if (definition.getProperty(ContractParseListener.CONTRACT) instanceof ProcessContract contract) {
			for (InputField field : contract.inputs()) {
				if (field.entries() != null) {
					Object value = run.getVariable(field.name());
					value = (value != null) ? value : field.defaultValue();
					if (value != null) {
						keys.addAll(NamedEntries.processes(String.valueOf(value)));
					}
				}
			}
		}
		return keys;
	}

	/** A call activity is about to start its process: the run's owner may start it. */
	private static void checkCall(ExecutionEntity execution, ActivityImpl activity, boolean named) {
		if (!(activity.getActivityBehavior() instanceof CallActivityBehavior behavior)) {
			return;
		}
		String key = behavior.getCallableElement().getDefinitionKey(execution);
		if (named && PRODUCT_CALLEES.contains(key)) {
			return;
		}
		CommandContext context = Context.getCommandContext();
		String owner = owner(context, execution);
		if (owner == null) {
			return;
		}
		List<String> groups = groups(context, owner);
		if (unrestricted(context, new Authentication(owner, groups))) {
			return;
		}
		if (PRODUCT_CALLEES.contains(key) || !mayStart(context, owner, groups, key)) {
			throw new AuthorizationException("The run's owner '" + owner + "' may not start process '" + key
					+ "' (call activity '" + activity.getId() + "'): "
					+ (PRODUCT_CALLEES.contains(key) ? "only the product's processes start it, by name."
							: "a run starts only what the person who started it may start. Ask an administrator "
									+ "for the grant to start '" + key + "'."));
		}
	}

	/**
	 * The person who started the root run: from the history event this command wrote when
	 * it started the run, or else from the stored history; with no history kept, the
	 * person running this command.
	 */
	private static String owner(CommandContext context, ExecutionEntity execution) {
		String root = execution.getRootProcessInstanceId();
		HistoricProcessInstanceEventEntity started = context.getDbEntityManager()
			.getCachedEntity(HistoricProcessInstanceEventEntity.class, root);
		if (started != null && started.getStartUserId() != null) {
			return started.getStartUserId();
		}
		HistoricProcessInstanceEntity stored = context.getHistoricProcessInstanceManager()
			.findHistoricProcessInstance(root);
		if (stored != null) {
			return stored.getStartUserId();
		}
		return context.getAuthenticatedUserId();
	}

	private static List<String> groups(CommandContext context, String user) {
		return context.runWithoutAuthorization(() -> context.getReadOnlyIdentityProvider()
			.createGroupQuery(context)
			.groupMember(user)
			.list()
			.stream()
			.map(Group::getId)
			.toList());
	}

	/** Authorization checks are off, or the person is an administrator. */
	private static boolean unrestricted(CommandContext context, Authentication person) {
		return !context.getProcessEngineConfiguration().isAuthorizationEnabled()
				|| context.getAuthorizationManager().isCamundaAdmin(person);
	}

	/** As for Camunda's own start: the definition's and the instances' grants. */
	private static boolean mayStart(CommandContext context, String user, List<String> groups, String key) {
		return context.getAuthorizationManager()
			.isAuthorized(user, groups, ProcessDefinitionPermissions.CREATE_INSTANCE, Resources.PROCESS_DEFINITION, key)
				&& context.getAuthorizationManager()
					.isAuthorized(user, groups, ProcessInstancePermissions.CREATE, Resources.PROCESS_INSTANCE,
							Authorization.ANY);
	}

	private static ProcessDefinitionEntity latest(CommandContext context, String key) {
		try {
			return context.runWithoutAuthorization(() -> context.getProcessEngineConfiguration()
				.getDeploymentCache()
				.findDeployedLatestProcessDefinitionByKey(key));
		}
		catch (ProcessEngineException ex) {
			return null;
		}
	}

	private static Set<String> starts(org.camunda.bpm.engine.impl.pvm.process.ProcessDefinitionImpl definition) {
		return keys(definition, STARTS);
	}

	@SuppressWarnings("unchecked")
	private static Set<String> keys(org.camunda.bpm.engine.impl.pvm.process.ProcessDefinitionImpl definition,
			String property) {
		Object keys = definition.getProperty(property);
		if (keys == null) {
			keys = new LinkedHashSet<String>();
			definition.setProperty(property, keys);
		}
		return (Set<String>) keys;
	}

}
