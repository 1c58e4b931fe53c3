package io.bpmnagents.dataset;

import java.util.List;
import java.util.Optional;

/** The named datasets an evaluation can run: their cases, in order. */
public interface DatasetCatalog {

	/** The cases of dataset {@code name}, empty when there is no such dataset. */
	Optional<List<DatasetCase>> cases(String name);

}
