package io.bpmnagents.dataset;

/** No dataset by that name; answered with 404. */
class DatasetNotFoundException extends RuntimeException {

	DatasetNotFoundException(String name) {
		super("No dataset named '" + name + "'. GET /api/datasets lists them.");
	}

}
