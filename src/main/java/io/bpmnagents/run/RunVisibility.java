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

	/** Whether the person may see the run; asked as the app, with no person's grants. */
	boolean grants(HistoricProcessInstance run, String user, List<String> groups);

	/**
	 * The runs (root process instance ids) this rule lets the person see, for a search
	 * over all runs; the same runs {@link #grants} says yes to. Asked as the app.
	 */
	Set<String> runsGranted(String user, List<String> groups);

}
