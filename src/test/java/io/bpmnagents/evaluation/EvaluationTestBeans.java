package io.bpmnagents.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bpmnagents.dataset.DatasetCase;
import io.bpmnagents.dataset.DatasetCatalog;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A stand-in for the datasets, which are built beside the evaluations: one dataset,
 * {@value #DATASET}, of one case without a recording.
 */
@TestConfiguration(proxyBeanMethods = false)
class EvaluationTestBeans {

	static final String DATASET = "refund-questions";

	@Bean
	DatasetCatalog oneDataset() {
		return (name) -> DATASET.equals(name) ? Optional.of(List.of(new DatasetCase("refund-1",
				Map.of("task", "How does a customer get a refund?"), "Names the form a refund is asked with", null)))
				: Optional.empty();
	}

}
