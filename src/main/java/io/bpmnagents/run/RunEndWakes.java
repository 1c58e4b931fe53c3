package io.bpmnagents.run;

import io.bpmnagents.engine.EngineHooks;
import io.bpmnagents.transcript.TranscriptWatchers;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

import org.springframework.stereotype.Component;

/**
 * Wakes the event streams open on this node for a run when the run ends here, once the
 * ending transaction has committed, so they send {@code run-ended} at once. A run nobody
 * watches here costs one map lookup.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunEndWakes extends AbstractProcessEnginePlugin {

	private final TranscriptWatchers watchers;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.onRun(configuration, ExecutionListener.EVENTNAME_END, this::runEnded);
	}

	private void runEnded(ExecutionEntity run) {
		String id = run.getId();
		if (this.watchers.watched(id)) {
			Context.getCommandContext()
				.getTransactionContext()
				.addTransactionListener(TransactionState.COMMITTED, (context) -> this.watchers.wake(id));
		}
	}

}
