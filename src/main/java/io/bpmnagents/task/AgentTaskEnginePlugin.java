package io.bpmnagents.task;

import java.util.HashMap;

import io.bpmnagents.contract.ProcessTools;
import io.bpmnagents.engine.EngineHooks;
import io.bpmnagents.guardrail.Guardrails;
import io.bpmnagents.guardrail.UnknownGuardrailException;
import io.bpmnagents.tool.ToolRegistry;
import io.bpmnagents.tool.UnknownToolException;
import io.bpmnagents.worker.AgentTaskWorker;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Hooks agent tasks into the engine (see {@link AgentTaskParseListener}), keeps paused
 * agent tasks paused until a person decides ({@link PausedTaskLocks}) and empties the
 * engine's bean map. That alone never closed expressions to Spring beans (Spring's
 * expression manager is built before any plugin runs); the expression manager the
 * security package installs, which resolves no beans, does. The empty map stays as a
 * second line: no process needs beans.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AgentTaskEnginePlugin extends AbstractProcessEnginePlugin {

	private final ObjectProvider<AgentTaskWorker> worker;

	private final ObjectProvider<ToolRegistry> tools;

	private final ObjectProvider<ProcessTools> processTools;

	private final ObjectProvider<Guardrails> guardrails;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		// The registries are looked up when a model is deployed: beans may not all exist
		// while the engine starts.
		EngineHooks.addParseListener(configuration,
				new AgentTaskParseListener(() -> this.worker.ifAvailable(AgentTaskWorker::tasksCreated),
						(tools) -> refuseUnknown(() -> this.tools.getObject()
							.requireKnown(tools.names(),
									"Agent task '" + tools.activityId() + "' (property 'tools' or 'mcpServers')")),
						(guardrails) -> refuseUnknown(() -> this.guardrails.getObject()
							.requireKnown(guardrails.names(),
									"Agent task '" + guardrails.activityId() + "' (property 'guardrails')")),
						(processKey) -> this.processTools.getObject().inputs(processKey),
						(processKey) -> this.processTools.getObject().outputs(processKey)));
		configuration.setBeans(new HashMap<>());
		// A paused agent task is let go by a person's decision only, on every route.
		EngineHooks.addCommandInterceptor(configuration, EngineHooks.Interceptor.INSIDE_CONTEXT, PausedTaskLocks::new);
	}

	/** A name no tool or guardrail has is the deployer's to fix: the deployment's 400. */
	private static void refuseUnknown(Runnable check) {
		try {
			check.run();
		}
		catch (UnknownToolException | UnknownGuardrailException ex) {
			throw new BadUserRequestException(ex.getMessage(), ex);
		}
	}

}
