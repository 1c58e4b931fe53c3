package io.bpmnagents.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The scripts both databases run as written are kept once, in
 * {@code db/migration/common}; before, each vendor's folder had its own byte-identical
 * copy. Databases migrated from that layout must start with this one: Flyway validates an
 * applied script by its version, description, type and checksum, not by the folder it was
 * found in. Shown on an H2 file and on PostgreSQL (zonky's binaries), with the locations
 * application.yml configures.
 */
class FlywayMigrationLayoutTest {

	/**
	 * The checksums existing databases hold for the shared scripts: those of the vendors'
	 * copies before the move (the same for H2 and PostgreSQL, the copies being
	 * identical).
	 */
	private static final Map<String, Integer> APPLIED_CHECKSUMS = Map.of("8", 700903951, "22", 787286396, "24",
			-224470831, "27", -937286248, "31", -908588867);

	@TempDir
	static Path folders;

	private static EmbeddedPostgres postgres;

	@AfterAll
	static void stop() throws IOException {
		if (postgres != null) {
			postgres.close();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void theSharedScriptsHaveTheChecksumsExistingDatabasesHold(String vendor) throws Exception {
		Flyway app = Flyway.configure().dataSource(emptyDatabase(vendor)).locations(configuredLocations(vendor)).load();

		Map<String, Integer> shared = new TreeMap<>();
		for (MigrationInfo script : app.info().all()) {
			if (APPLIED_CHECKSUMS.containsKey(script.getVersion().getVersion())) {
				shared.put(script.getVersion().getVersion(), script.getChecksum());
			}
		}

		assertThat(shared).isEqualTo(APPLIED_CHECKSUMS);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void aDatabaseMigratedWithOneFolderPerVendorStartsWithTheSharedFolder(String vendor) throws Exception {
		DataSource database = emptyDatabase(vendor);
		Flyway.configure().dataSource(database).locations("filesystem:" + oneFolder(vendor, vendor)).load().migrate();

		Flyway app = Flyway.configure().dataSource(database).locations(configuredLocations(vendor)).load();

		assertThat(app.validateWithResult().validationSuccessful).isTrue();
		assertThat(app.migrate().migrationsExecuted).isZero();
		assertThat(app.info().applied()).extracting(MigrationInfo::getScript)
			.contains("V8__call_order.sql", "V22__quota_counters.sql", "V31__tool_call_server.sql");
	}

	@Test
	void aSharedScriptThatDiffersFromTheOneAppliedIsStillRefused() throws Exception {
		Path old = oneFolder("h2", "h2-changed");
		Path quotas = old.resolve("V22__quota_counters.sql");
		Files.writeString(quotas, Files.readString(quotas) + "\n-- changed after it was applied\n");
		DataSource database = emptyDatabase("h2");
		Flyway.configure().dataSource(database).locations("filesystem:" + old).load().migrate();

		Flyway app = Flyway.configure().dataSource(database).locations(configuredLocations("h2")).load();

		assertThatExceptionOfType(FlywayValidateException.class).isThrownBy(app::validate)
			.withMessageContaining("checksum mismatch for migration version 22");
	}

	/** {@code spring.flyway.locations} of application.yml, for one vendor. */
	private static String[] configuredLocations(String vendor) {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yml"));
		String locations = yaml.getObject().getProperty("spring.flyway.locations");
		assertThat(locations).as("spring.flyway.locations").contains("{vendor}", "common");
		return Arrays.stream(locations.split(","))
			.map((location) -> location.trim().replace("{vendor}", vendor))
			.toArray(String[]::new);
	}

	/** The layout before: every script of a vendor, shared ones too, in one folder. */
	private static Path oneFolder(String vendor, String name) throws IOException {
		Path folder = Files.createDirectories(folders.resolve(name));
		PathMatchingResourcePatternResolver scripts = new PathMatchingResourcePatternResolver();
		for (String location : configuredLocations(vendor)) {
			for (Resource script : scripts.getResources(location + "/*.sql")) {
				try (InputStream in = script.getInputStream()) {
					Files.copy(in, folder.resolve(script.getFilename()));
				}
			}
		}
		assertThat(folder).isNotEmptyDirectory();
		return folder;
	}

	/** An H2 file, or a new database of one embedded PostgreSQL. */
	private static DataSource emptyDatabase(String vendor) throws IOException, SQLException {
		if (vendor.equals("h2")) {
			JdbcDataSource h2 = new JdbcDataSource();
			h2.setURL("jdbc:h2:file:" + Files.createTempDirectory(folders, "h2").resolve("app"));
			return h2;
		}
		if (postgres == null) {
			postgres = EmbeddedPostgres.builder().start();
		}
		String name = "layout" + System.nanoTime();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return postgres.getDatabase("postgres", name);
	}

}
