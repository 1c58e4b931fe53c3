package io.bpmnagents.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.bpmnagents.support.ProcessTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON object values short enough for Camunda's text column live in their variable's own
 * row, in the runtime table and in history, and are read as JSON object values as before
 * (what Cockpit and {@code /engine-rest} show); longer ones, and those stored earlier by
 * Spin's serializer, are kept in and read from the byte-array table.
 */
@ProcessTest
class InlineJsonVariablesTest {

	@Autowired
	RuntimeService runtime;

	@Autowired
	HistoryService history;

	@Autowired
	ProcessEngineConfigurationImpl engine;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aShortListIsKeptInItsVariablesRowAndReadAsAJsonObjectValue() {
		String run = start(List.of("researcher", "writer"));

		assertThat(stored("ACT_RU_VARIABLE", "TYPE_", run)).isEqualTo(InlineJsonSerializer.NAME);
		assertThat(stored("ACT_RU_VARIABLE", "TEXT_", run)).isEqualTo("[\"researcher\",\"writer\"]");
		assertThat(stored("ACT_RU_VARIABLE", "BYTEARRAY_ID_", run)).isNull();
		assertThat(stored("ACT_HI_VARINST", "TEXT_", run)).isEqualTo("[\"researcher\",\"writer\"]");
		assertThat(stored("ACT_HI_VARINST", "BYTEARRAY_ID_", run)).isNull();
		assertThat(this.runtime.getVariable(run, "agents")).isEqualTo(List.of("researcher", "writer"));
		ObjectValue serialized = this.runtime.getVariableTyped(run, "agents", false);
		assertThat(serialized.getSerializationDataFormat()).isEqualTo("application/json");
		assertThat(serialized.getObjectTypeName()).startsWith("java.util.ArrayList");
		assertThat(serialized.getValueSerialized()).isEqualTo("[\"researcher\",\"writer\"]");
		assertThat(this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(run)
			.variableName("agents")
			.singleResult()
			.getValue()).isEqualTo(List.of("researcher", "writer"));
	}

	@Test
	void aListLongerThanTheTextColumnIsKeptWholeInTheByteArrayTable() {
		String run = start(List.of("researcher"));
		List<Map<String, Object>> notes = List
			.of(new LinkedHashMap<>(Map.of("agent", "researcher", "note", "x".repeat(4000))));

		this.runtime.setVariable(run, "notes", Variable.records("notes").typed(notes));

		assertThat(stored("ACT_RU_VARIABLE", "TEXT_", run, "notes")).isNull();
		assertThat(stored("ACT_RU_VARIABLE", "BYTEARRAY_ID_", run, "notes")).isNotNull();
		assertThat(stored("ACT_HI_VARINST", "BYTEARRAY_ID_", run, "notes")).isNotNull();
		assertThat(this.runtime.getVariable(run, "notes")).isEqualTo(notes);
	}

	@Test
	void aListChangedInPlaceIsSavedAndOneOnlyReadIsNotWritten() {
		String run = start(List.of("researcher"));
		Object revision = stored("ACT_RU_VARIABLE", "REV_", run);

		inCommand(run, (agents) -> {
		});
		assertThat(stored("ACT_RU_VARIABLE", "REV_", run)).isEqualTo(revision);

		inCommand(run, (agents) -> agents.add("writer"));
		assertThat(this.runtime.getVariable(run, "agents")).isEqualTo(List.of("researcher", "writer"));
		assertThat(stored("ACT_RU_VARIABLE", "TEXT_", run)).isEqualTo("[\"researcher\",\"writer\"]");
	}

	@Test
	void aListStoredBySpinBeforeIsReadAndMovesIntoTheRowWhenRewritten() {
		String run = start(List.of("researcher"));
		String bytes = "spin-" + run;
		this.jdbc
			.sql("INSERT INTO ACT_GE_BYTEARRAY (ID_, REV_, NAME_, BYTES_, TYPE_) VALUES (:id, 1, 'agents', :bytes, 1)")
			.param("id", bytes)
			.param("bytes", "[\"critic\"]".getBytes(StandardCharsets.UTF_8))
			.update();
		this.jdbc.sql("""
				UPDATE ACT_RU_VARIABLE SET TYPE_ = :spin, TEXT_ = NULL, BYTEARRAY_ID_ = :bytes
				WHERE PROC_INST_ID_ = :run AND NAME_ = 'agents'
				""").param("spin", InlineJsonEnginePlugin.SPIN_JSON).param("bytes", bytes).param("run", run).update();

		assertThat(this.runtime.getVariable(run, "agents")).isEqualTo(List.of("critic"));

		this.runtime.setVariable(run, "agents", Variable.names("agents").typed(List.of("critic", "writer")));
		assertThat(stored("ACT_RU_VARIABLE", "TYPE_", run)).isEqualTo(InlineJsonSerializer.NAME);
		assertThat(stored("ACT_RU_VARIABLE", "BYTEARRAY_ID_", run)).isNull();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM ACT_GE_BYTEARRAY WHERE ID_ = :id")
			.param("id", bytes)
			.query(Integer.class)
			.single()).isZero();
		assertThat(this.runtime.getVariable(run, "agents")).isEqualTo(List.of("critic", "writer"));
	}

	/** A pipeline that waits at its first agent task: no worker runs in these tests. */
	private String start(List<String> agents) {
		return this.runtime
			.startProcessInstanceByKey("sequential-pipeline",
					Map.of("task", "Count me", "agents", Variable.names("agents").typed(agents)))
			.getId();
	}

	private Object stored(String table, String column, String run) {
		return stored(table, column, run, "agents");
	}

	private Object stored(String table, String column, String run, String name) {
		return this.jdbc.sql("SELECT " + column + " FROM " + table + " WHERE PROC_INST_ID_ = :run AND NAME_ = :name")
			.param("run", run)
			.param("name", name)
			.query((rs, n) -> rs.getObject(1))
			.list()
			.get(0);
	}

	/**
	 * Reads the run's agents, deserialized, in a command of its own, and changes them.
	 */
	@SuppressWarnings("unchecked")
	private void inCommand(String run, Consumer<List<Object>> change) {
		this.engine.getCommandExecutorTxRequired().execute((context) -> {
			List<Object> agents = (List<Object>) context.getExecutionManager()
				.findExecutionById(run)
				.getVariable("agents");
			change.accept(agents);
			return new ArrayList<>(agents);
		});
	}

}
