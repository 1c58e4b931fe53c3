package io.bpmnagents.evaluation;

import java.util.List;
import java.util.Map;

import io.bpmnagents.support.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset the evaluation tests run, made as a user makes one, through
 * {@code /api/datasets}: {@value #DATASET}, one case without a recording.
 */
final class EvaluationDataset {

	static final String DATASET = "refund-questions";

	private EvaluationDataset() {
	}

	/** Makes the dataset unless an earlier test of the context did. */
	static void givenTheDataset(ApiClient api) {
		int status = api
			.post("/api/datasets",
					Map.of("name", DATASET, "cases",
							List.of(Map.of("id", "refund-1", "input",
									Map.of("task", "How does a customer get a refund?"), "expected",
									"Names the form a refund is asked with"))))
			.getStatusCode()
			.value();
		assertThat(status).as("dataset made, or made before").isIn(201, 409);
	}

}
