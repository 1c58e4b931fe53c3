package io.bpmnagents.replay;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.process.PlainValues;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each run was started with (the {@code run_input} table), recorded by the engine as
 * the run starts whatever the route, so that a finished run can be started again with the
 * same input; and, for a replay, the run whose recorded answers answer it.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class RunInputs {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, ReplayRequest.AgentOverride>> OVERRIDES = new TypeReference<>() {
	};

	/** Runs' replay modes, or none, by run id: asked on every model call. */
	private final Map<String, Optional<ReplayMode>> modes = Collections
		.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Optional<ReplayMode>> eldest) {
				return size() > 10_000;
			}
		});

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	/** A run's recorded start: its process version and input, and the run it replays. */
	public record RunInput(String runId, String processDefinitionId, Map<String, Object> input, String inputError,
			String replayOf) {
	}

	/**
	 * Records the variables a run started with, in the engine's transaction. A value that
	 * cannot be written as JSON is recorded as the reason the run cannot be replayed.
	 * Object values are read as the JSON they are stored as, never as objects of their
	 * class: recording a run's input instantiates nothing a client named.
	 */
	void record(String runId, String processDefinitionId, VariableMap variables) {
		String input = null;
		String error = null;
		try {
			Map<String, Object> values = new LinkedHashMap<>();
			for (String name : variables.keySet()) {
				values.put(name, plain(name, variables.getValueTyped(name)));
			}
			input = this.json.writeValueAsString(values);
		}
		catch (JsonProcessingException | RuntimeException ex) {
			error = "Its input could not be recorded as JSON: " + ex.getMessage();
			error = (error.length() > 1000) ? error.substring(0, 999) + "…" : error;
		}
		this.jdbc.sql("""
				INSERT INTO run_input (run_id, process_definition_id, input, input_error, started_at)
				VALUES (:run, :definition, :input, :error, :started)
				""")
			.param("run", runId)
			.param("definition", processDefinitionId)
			.param("input", input)
			.param("error", error)
			.param("started", Timestamp.from(Instant.now()))
			.update();
	}

	private static Object plain(String name, TypedValue value) {
		if (PlainValues.isOtherFormat(value)) {
			throw new IllegalArgumentException("variable '" + name + "' is stored as "
					+ ((SerializableValue) value).getSerializationDataFormat() + ", not as JSON");
		}
		return PlainValues.of(value);
	}

	public Optional<RunInput> of(String runId) {
		return this.jdbc.sql("SELECT * FROM run_input WHERE run_id = :run")
			.param("run", runId)
			.query((rs, n) -> new RunInput(rs.getString("run_id"), rs.getString("process_definition_id"),
					read(rs.getString("input")), rs.getString("input_error"), rs.getString("replay_of")))
			.optional();
	}

	/**
	 * Whether people's messages into {@code runId}'s conversation were recorded for
	 * replays: false for a run started before this version kept them.
	 */
	public boolean recordsPeople(String runId) {
		return this.jdbc.sql("SELECT people_recorded FROM run_input WHERE run_id = :run")
			.param("run", runId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** Makes {@code runId} an exact replay of {@code original}. */
	public void markReplay(String runId, String original) {
		markReplay(runId, ReplayRequest.exact(original));
	}

	/**
	 * Makes {@code runId} the replay {@code request} describes; in the transaction that
	 * starts it, so its first call already sees it.
	 */
	public void markReplay(String runId, ReplayRequest request) {
		String overrides;
		try {
			overrides = request.agents().isEmpty() ? null : this.json.writeValueAsString(request.agents());
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Agent overrides could not be written as JSON", ex);
		}
		int updated = this.jdbc.sql("""
				UPDATE run_input SET replay_of = :original, go_live = :live, tools_may_act = :act,
				  agent_overrides = :overrides WHERE run_id = :run
				""")
			.param("original", request.originalRunId())
			.param("live", request.goLive())
			.param("act", request.toolsMayAct())
			.param("overrides", overrides)
			.param("run", runId)
			.update();
		if (updated != 1) {
			throw new IllegalStateException("Run " + runId + " has no recorded start to mark as a replay");
		}
	}

	/** The run whose recording answers {@code runId}, when it is a replay. */
	public Optional<String> originalOf(String runId) {
		return modeOf(runId).map(ReplayMode::original);
	}

	/**
	 * How {@code runId} is answered, when it is a replay: read once per run, then
	 * remembered, so a run that is no replay costs one query in all.
	 */
	public Optional<ReplayMode> modeOf(String runId) {
		Optional<ReplayMode> known = this.modes.get(runId);
		if (known != null) {
			return known;
		}
		Optional<ReplayMode> mode = this.jdbc.sql("""
				SELECT replay_of, go_live, tools_may_act, agent_overrides FROM run_input WHERE run_id = :run
				""")
			.param("run", runId)
			.query((rs, n) -> (rs.getString("replay_of") == null) ? Optional.<ReplayMode>empty()
					: Optional.of(new ReplayMode(rs.getString("replay_of"), rs.getBoolean("go_live"),
							rs.getBoolean("tools_may_act"), overrides(rs.getString("agent_overrides")))))
			.optional()
			.flatMap((value) -> value);
		this.modes.put(runId, mode);
		return mode;
	}

	/**
	 * Records that replay {@code runId} went live at call {@code callId}, where the
	 * recording expected {@code expectedPrompt} (null: it made no such call); only the
	 * first such call counts.
	 * @return whether this call is the one where it went live
	 */
	boolean wentLive(String runId, String callId, String expectedPrompt) {
		return this.jdbc.sql("""
				UPDATE run_input SET live_from_call = :call, live_expected_prompt = :expected
				WHERE run_id = :run AND live_from_call IS NULL
				""").param("call", callId).param("expected", expectedPrompt).param("run", runId).update() == 1;
	}

	/** Whether replay {@code runId} has gone live. */
	boolean isLive(String runId) {
		return liveFrom(runId).isPresent();
	}

	/** Where replay {@code runId} went live, if it did. */
	public Optional<LiveFrom> liveFrom(String runId) {
		return this.jdbc.sql("""
				SELECT c.activity_id, c.agent, c.id, i.live_expected_prompt, c.prompt FROM run_input i
				JOIN agent_call c ON c.id = i.live_from_call WHERE i.run_id = :run
				""")
			.param("run", runId)
			.query((rs, n) -> new LiveFrom(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.optional();
	}

	private Map<String, ReplayRequest.AgentOverride> overrides(String stored) {
		if (stored == null) {
			return Map.of();
		}
		try {
			return this.json.readValue(stored, OVERRIDES);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Recorded agent overrides are not JSON", ex);
		}
	}

	private Map<String, Object> read(String input) {
		if (input == null) {
			return null;
		}
		try {
			return this.json.readValue(input, MAP);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A recorded run input is not JSON", ex);
		}
	}

}
