package io.bpmnagents.dataset;

/** A dataset by that name exists already; answered with 409. */
class DatasetExistsException extends RuntimeException {

	DatasetExistsException(String name) {
		super("A dataset named '" + name + "' exists already: choose another name, or replace its cases with "
				+ "PUT /api/datasets/" + name + " (application/x-ndjson), or delete it first.");
	}

}
