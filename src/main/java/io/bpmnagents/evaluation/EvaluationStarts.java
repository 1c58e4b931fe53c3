package io.bpmnagents.evaluation;

import java.util.function.Supplier;

import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.stereotype.Component;

/**
 * An evaluation run starts only through {@link Evaluations} ({@code POST
 * /api/evaluations}, a gated deployment), which checks what it names: the runs the person
 * may see, the target they may start, the dataset, the judge, the lanes. Started any
 * other way ({@code /api/runs}, {@code /engine-rest}, Tasklist, MCP, A2A, a replay of an
 * evaluation, a person's process calling it) its variables are the person's to write: a
 * {@code gateThreshold} and no cases would activate the person's own held-back version
 * without any case judged, and a replay with another judge would pass it. The engine
 * refuses those starts with a 403, whatever the route.
 */
@Component
class EvaluationStarts extends AbstractProcessEnginePlugin {

	/** Set while {@link Evaluations} starts a run, on the thread that starts it. */
	private static final ThreadLocal<Boolean> THROUGH_EVALUATIONS = new ThreadLocal<>();

	/** Starts an evaluation run that {@link Evaluations} checked and made. */
	static <T> T checked(Supplier<T> start) {
		THROUGH_EVALUATIONS.set(Boolean.TRUE);
		try {
			return start.get();
		}
		finally {
			THROUGH_EVALUATIONS.remove();
		}
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addParseListener(configuration, new AbstractBpmnParseListener() {
			@Override
			public void parseProcess(Element element, ProcessDefinitionEntity definition) {
				if (Evaluations.PROCESS.equals(definition.getKey())) {
					definition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
							(ExecutionListener) (execution) -> check((ExecutionEntity) execution));
				}
			}
		});
	}

	private static void check(ExecutionEntity run) {
		if (!run.isProcessInstanceExecution()) {
			return;
		}
		Authentication person = Context.getCommandContext().getAuthentication();
		String who = (person != null && person.getUserId() != null) ? "User '" + person.getUserId() + "'" : "A process";
		if (run.getSuperExecution() != null) {
			// No process of ours calls it; a person's process would hand it any
			// variables.
			throw refusal(who + " may not start '" + Evaluations.PROCESS + "' from a call activity.");
		}
		if (person != null && person.getUserId() != null && THROUGH_EVALUATIONS.get() == null) {
			throw refusal(who + " may not start '" + Evaluations.PROCESS + "' directly.");
		}
	}

	private static AuthorizationException refusal(String what) {
		return new AuthorizationException(what + " An evaluation is started with POST /api/evaluations (or a gated "
				+ "deployment), which checks the runs, the target, the dataset and the judge it names; a run of "
				+ "'evaluation' started otherwise (a replay of one included) would take any cases and gate.");
	}

}
