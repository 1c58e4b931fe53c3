package io.bpmnagents.run;

import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.history.HistoricProcessInstance;

/**
 * A further reason a person may see a run, besides having started it or being granted the
 * history of its process: a capability layered on runs (approvals) declares one as a
 * bean, so that the runs API need not know it.
 */
public interface RunVisibility {

	/**
	 * The runs (root process instance ids) this rule lets the person see, for a search
	 * over all runs. Asked as the app, with no person's grants.
	 */
	Set<String> runsGranted(String user, List<String> groups);

	/**
	 * Whether the person may see the run: whether it is among {@link #runsGranted}, so
	 * the list and a single run never disagree.
	 */
	default boolean grants(HistoricProcessInstance run, String user, List<String> groups) {
		return runsGranted(user, groups).contains(run.getRootProcessInstanceId());
	}

}
