package io.bpmnagents.transcript;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Who on this node watches a run (the one feed its open event streams share), woken when
 * the node records a call of the run starting or ending, or ends the run: the feed looks
 * at once instead of polling. A wake comes after the write is committed, so the look
 * finds it. Calls that other nodes of a cluster record wake nobody here; a watcher also
 * looks now and again for them. Costs a run nobody watches one map lookup per write.
 */
@Component
public class TranscriptWatchers {

	private final Map<String, Set<Runnable>> byRun = new ConcurrentHashMap<>();

	/** The run of each call this node has in flight, for the wake when it ends. */
	private final Map<String, String> runOfCall = new ConcurrentHashMap<>();

	/**
	 * Wakes {@code wake} on each change of the run until the returned handle is run.
	 * {@code wake} must be quick: it runs on the thread that recorded the change.
	 */
	public Runnable watch(String runId, Runnable wake) {
		this.byRun.computeIfAbsent(runId, (key) -> ConcurrentHashMap.newKeySet()).add(wake);
		return () -> this.byRun.computeIfPresent(runId, (key, wakes) -> {
			wakes.remove(wake);
			return wakes.isEmpty() ? null : wakes;
		});
	}

	/** Whether anybody on this node watches the run. */
	public boolean watched(String runId) {
		return this.byRun.containsKey(runId);
	}

	/**
	 * The run changed (a call of it started or ended): wakes its watchers, after the
	 * surrounding transaction commits, if there is one.
	 */
	void changed(String runId) {
		if (runId == null || !this.byRun.containsKey(runId)) {
			return;
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					wake(runId);
				}
			});
		}
		else {
			wake(runId);
		}
	}

	void callStarted(String callId, String runId) {
		this.runOfCall.put(callId, runId);
		changed(runId);
	}

	void callEnded(String callId) {
		String runId = this.runOfCall.remove(callId);
		if (runId != null) {
			changed(runId);
		}
	}

	/**
	 * Wakes the run's watchers now: for a change already committed, such as from the
	 * engine's listener on a committed transaction (where a new synchronization would
	 * never run).
	 */
	public void wake(String runId) {
		Set<Runnable> wakes = this.byRun.get(runId);
		if (wakes != null) {
			wakes.forEach(Runnable::run);
		}
	}

}
