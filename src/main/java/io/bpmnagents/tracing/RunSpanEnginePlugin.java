package io.bpmnagents.tracing;

import java.time.Instant;
import java.util.Date;

import io.bpmnagents.engine.EngineHooks;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricProcessInstanceEntity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Writes a run's root span when the run ends, however it ends (its end event, a stop, a
 * deletion): a built-in end listener on every process, which the engine calls on the node
 * that ends the run. The span is written once the ending transaction has committed, so a
 * transaction that is rolled back and repeated does not write it twice.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunSpanEnginePlugin extends AbstractProcessEnginePlugin {

	private final ObjectProvider<AgentTracing> tracing;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.onRun(configuration, ExecutionListener.EVENTNAME_END, this::runEnded);
	}

	private void runEnded(ExecutionEntity run) {
		Instant ended = Instant.now();
		HistoricProcessInstanceEntity history = Context.getCommandContext()
			.getHistoricProcessInstanceManager()
			.findHistoricProcessInstance(run.getId());
		Date start = (history != null) ? history.getStartTime() : null;
		Instant started = (start != null) ? start.toInstant() : ended;
		String id = run.getId();
		String key = run.getProcessDefinition().getKey();
		String definition = run.getProcessDefinitionId();
		String outcome = run.isCanceled() ? "canceled" : "ended";
		Context.getCommandContext()
			.getTransactionContext()
			.addTransactionListener(TransactionState.COMMITTED, (context) -> this.tracing
				.ifAvailable((tracing) -> tracing.runEnded(id, key, definition, started, ended, outcome)));
	}

}
