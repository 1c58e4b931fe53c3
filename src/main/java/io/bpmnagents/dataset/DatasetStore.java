package io.bpmnagents.dataset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code dataset} and {@code dataset_case} tables. A dataset's cases are written in
 * one transaction with its row: a request that fails leaves the dataset as it was. As the
 * {@link DatasetCatalog} it reads as the app; who may read is checked by the callers
 * ({@link DatasetAccess}).
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class DatasetStore implements DatasetCatalog {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final TransactionTemplate transaction;

	/** A dataset without its cases. */
	record Dataset(String name, String process, String createdBy, Instant createdAt, Instant updatedAt, int caseCount) {
	}

	List<Dataset> all() {
		return this.jdbc
			.sql(SELECT + " GROUP BY d.name, d.process_key, d.created_by, d.created_at, d.updated_at "
					+ "ORDER BY d.name")
			.query(this::dataset)
			.list();
	}

	Optional<Dataset> find(String name) {
		return this.jdbc
			.sql(SELECT + " WHERE d.name = :name GROUP BY d.name, d.process_key, d.created_by, d.created_at, "
					+ "d.updated_at")
			.param("name", name)
			.query(this::dataset)
			.optional();
	}

	private static final String SELECT = """
			SELECT d.name, d.process_key, d.created_by, d.created_at, d.updated_at, COUNT(c.case_id) AS cases
			FROM dataset d LEFT JOIN dataset_case c ON c.dataset_name = d.name""";

	@Override
	public Optional<List<DatasetCase>> cases(String name) {
		if (find(name).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(this.jdbc.sql("SELECT * FROM dataset_case WHERE dataset_name = :name ORDER BY case_order")
			.param("name", name)
			.query((rs, n) -> new DatasetCase(rs.getString("case_id"), read(rs.getString("input")),
					rs.getString("expected"), rs.getString("source_run_id")))
			.list());
	}

	/**
	 * A new dataset with these cases.
	 * @throws DatasetExistsException when the name is taken
	 */
	void create(String name, String process, String person, List<DatasetCase> cases) {
		this.transaction.executeWithoutResult((status) -> {
			Instant now = Instant.now();
			try {
				this.jdbc.sql("""
						INSERT INTO dataset (name, process_key, created_by, created_at, updated_at)
						VALUES (:name, :process, :person, :now, :now)""")
					.param("name", name)
					.param("process", process)
					.param("person", person)
					.param("now", Timestamp.from(now))
					.update();
			}
			catch (DuplicateKeyException ex) {
				throw new DatasetExistsException(name);
			}
			insert(name, cases);
		});
	}

	/**
	 * The dataset's cases replaced with these, and its process with {@code process}; a
	 * new dataset when there is none by that name.
	 * @return whether the dataset is new
	 */
	boolean replace(String name, String process, String person, List<DatasetCase> cases) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			int updated = this.jdbc
				.sql("UPDATE dataset SET process_key = :process, updated_at = :now WHERE name = :name")
				.param("process", process)
				.param("now", Timestamp.from(Instant.now()))
				.param("name", name)
				.update();
			if (updated == 0) {
				create(name, process, person, cases);
				return true;
			}
			this.jdbc.sql("DELETE FROM dataset_case WHERE dataset_name = :name").param("name", name).update();
			insert(name, cases);
			return false;
		}));
	}

	/** Adds a case after the dataset's last; a new dataset when there is none. */
	void add(String name, String person, DatasetCase added) {
		this.transaction.executeWithoutResult((status) -> {
			if (find(name).isEmpty()) {
				create(name, null, person, List.of(added));
				return;
			}
			Integer last = this.jdbc.sql("SELECT MAX(case_order) FROM dataset_case WHERE dataset_name = :name")
				.param("name", name)
				.query(Integer.class)
				.optional()
				.orElse(null);
			try {
				insert(name, (last != null) ? last + 1 : 0, added);
			}
			catch (DuplicateKeyException ex) {
				throw new InvalidDatasetException("Dataset '" + name + "' has a case '" + added.id() + "' already.");
			}
			this.jdbc.sql("UPDATE dataset SET updated_at = :now WHERE name = :name")
				.param("now", Timestamp.from(Instant.now()))
				.param("name", name)
				.update();
		});
	}

	boolean delete(String name) {
		return this.jdbc.sql("DELETE FROM dataset WHERE name = :name").param("name", name).update() > 0;
	}

	private void insert(String name, List<DatasetCase> cases) {
		for (int i = 0; i < cases.size(); i++) {
			insert(name, i, cases.get(i));
		}
	}

	private void insert(String name, int order, DatasetCase each) {
		this.jdbc.sql("""
				INSERT INTO dataset_case (dataset_name, case_order, case_id, input, expected, source_run_id)
				VALUES (:name, :order, :id, :input, :expected, :source)""")
			.param("name", name)
			.param("order", order)
			.param("id", each.id())
			.param("input", write(each.input()))
			.param("expected", each.expected())
			.param("source", each.sourceRunId())
			.update();
	}

	private Dataset dataset(ResultSet rs, int n) throws SQLException {
		return new Dataset(rs.getString("name"), rs.getString("process_key"), rs.getString("created_by"),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				rs.getInt("cases"));
	}

	private String write(Map<String, Object> input) {
		try {
			return this.json.writeValueAsString(input);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A case's input could not be written as JSON", ex);
		}
	}

	private Map<String, Object> read(String input) {
		try {
			return this.json.readValue(input, MAP);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A stored case input is not JSON", ex);
		}
	}

}
