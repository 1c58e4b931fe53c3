package io.bpmnagents.cleanup;

import java.time.Instant;
import java.util.function.Supplier;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.historycleanup.HistoryCleanupJobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.historycleanup.HistoryCleanupJobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's history cleanup job, with one more step: after the engine's own cleanup
 * has committed, {@link RunDataCleanup} removes the app's rows of runs whose history is
 * gone. So it runs when and where the engine's cleanup runs: once per pass of the job,
 * within the batch window or when the cleanup is started by hand, on the one node that
 * holds the job.
 *
 * The engine calls no history event handler or listener when its cleanup or a deletion
 * removes history; hence this step looks for runs that are gone instead of being told.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunDataCleanupJobHandler extends HistoryCleanupJobHandler {

	private static final Logger log = LoggerFactory.getLogger(RunDataCleanupJobHandler.class);

	private final Supplier<RunDataCleanup> cleanup;

	@Override
	public void execute(HistoryCleanupJobHandlerConfiguration configuration, ExecutionEntity execution,
			CommandContext commandContext, String tenantId) {
		super.execute(configuration, execution, commandContext, tenantId);
		// With a degree of parallelism above 1 the engine runs one job per share of the
		// hour's minutes; the first one does this step.
		boolean firstShare = configuration.getMinuteFrom() == 0;
		boolean due = configuration.isImmediatelyDue() || isWithinBatchWindow(commandContext);
		if (!firstShare || !due || !keepsRunHistory(commandContext.getProcessEngineConfiguration().getHistoryLevel())) {
			return;
		}
		// The engine's clock, so that the age of rows follows the engine's time.
		Instant now = ClockUtil.getCurrentTime().toInstant();
		commandContext.getTransactionContext().addTransactionListener(TransactionState.COMMITTED, (context) -> {
			try {
				this.cleanup.get().pass(now);
			}
			catch (RuntimeException ex) {
				// Not the job's failure: the engine's cleanup has committed and the
				// job is scheduled again; a later pass removes what is left.
				log.warn("Removing the rows of runs whose history is gone failed; a later pass tries again", ex);
			}
		});
	}

	/**
	 * Whether the engine keeps the runs it ran in its history. Without (history level
	 * {@code none}) no run has a historic instance, so a finished run cannot be told from
	 * one whose history was removed: nothing is removed then.
	 */
	static boolean keepsRunHistory(HistoryLevel level) {
		return level.isHistoryEventProduced(HistoryEventTypes.PROCESS_INSTANCE_START, null);
	}

}
