package io.bpmnagents.bench;

/**
 * The recovery figure when the node keeps its name across restarts
 * ({@code bpmn-agents.worker.id} set, as a StatefulSet's pod name would be): the
 * restarted node takes back at start the tasks its killed start had locked, instead of
 * waiting for their locks to run out. H2 file database; its lines say
 * {@code [H2, same worker id]}.
 */
class RecoverySameWorkerIdBenchmark extends RecoveryBenchmark {

	@Override
	String database() {
		return "H2, same worker id";
	}

	@Override
	boolean restartKeepsWorkerId() {
		return true;
	}

}
