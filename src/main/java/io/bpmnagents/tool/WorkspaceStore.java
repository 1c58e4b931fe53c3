package io.bpmnagents.tool;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A run's shared workspace: texts under keys that the run's agents write and read with
 * the workspace tools (table {@code run_workspace}). It outlives restarts like the rest
 * of the run, and is shown with the run ({@code GET /api/runs/{id}/workspace}).
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class WorkspaceStore {

	private final JdbcClient jdbc;

	public Optional<String> read(String runId, String key) {
		return this.jdbc.sql("SELECT content FROM run_workspace WHERE run_id = :run AND entry_key = :key")
			.param("run", runId)
			.param("key", key)
			.query(String.class)
			.optional();
	}

	/** Writes the text under the key, replacing what was there. */
	public void write(String runId, String key, String content) {
		Timestamp now = Timestamp.from(Instant.now());
		int updated = this.jdbc.sql(
				"UPDATE run_workspace SET content = :content, updated_at = :now WHERE run_id = :run AND entry_key = :key")
			.param("content", content)
			.param("now", now)
			.param("run", runId)
			.param("key", key)
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql(
						"INSERT INTO run_workspace (run_id, entry_key, content, updated_at) VALUES (:run, :key, :content, :now)")
					.param("run", runId)
					.param("key", key)
					.param("content", content)
					.param("now", now)
					.update();
			}
			catch (DuplicateKeyException ex) {
				// Written by another agent of the run at the same moment: the later write
				// wins, as it would have without the race.
				write(runId, key, content);
			}
		}
	}

	/** Every entry of the run's workspace, by key. */
	public Map<String, String> all(String runId) {
		Map<String, String> entries = new LinkedHashMap<>();
		this.jdbc.sql("SELECT entry_key, content FROM run_workspace WHERE run_id = :run ORDER BY entry_key")
			.param("run", runId)
			.query((rs) -> {
				entries.put(rs.getString("entry_key"), rs.getString("content"));
			});
		return entries;
	}

}
