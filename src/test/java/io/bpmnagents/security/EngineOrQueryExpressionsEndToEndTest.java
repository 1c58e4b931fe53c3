package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CVE-2026-109432 refused inside the engine: bodies the HTTP text filter cannot read
 * (JSON escapes, UTF-16) and routes it does not inspect (saved filters, the Tasklist's
 * engine API) still end in a {@code 400}.
 */
class EngineOrQueryExpressionsEndToEndTest extends EndToEndApiTest {

	/** "orQueries" with its "o" escaped, so no text search finds the word. */
	private static final String ESCAPED_KEY = "{\"\\u006frQueries\":[{\"assigneeExpression\":\"${currentUser()}\"}]}";

	/** "${" with its "$" escaped. */
	private static final String ESCAPED_EXPRESSION = "{\"orQueries\":[{\"assigneeExpression\":\"\\u0024{currentUser()}\"}]}";

	@LocalServerPort
	int port;

	@Autowired
	TaskService tasks;

	@Autowired
	FilterService filters;

	@Autowired
	JdbcClient jdbc;

	private RawHttp http() {
		return new RawHttp(this.port);
	}

	private RawHttp.Response postAsAdmin(String path, byte[] body, String contentType) throws Exception {
		return http().send("POST", path, Map.of("Authorization", basicAdmin(), "Content-Type", contentType), body);
	}

	private static String basicAdmin() {
		return RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD);
	}

	private static void assertRefused(RawHttp.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("CVE-2026-109432");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/engine-rest/task", "/engine-rest/task/count" })
	void aJsonEscapedOrQueriesKeyIsRefusedByTheEngine(String path) throws Exception {
		assertRefused(postAsAdmin(path, ESCAPED_KEY.getBytes(StandardCharsets.UTF_8), "application/json"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/engine-rest/task", "/engine-rest/task/count" })
	void aJsonEscapedDollarIsRefusedByTheEngine(String path) throws Exception {
		assertRefused(postAsAdmin(path, ESCAPED_EXPRESSION.getBytes(StandardCharsets.UTF_8), "application/json"));
	}

	@Test
	void aUtf16BodyIsRefusedByTheEngine() throws Exception {
		String body = "{\"orQueries\":[{\"assigneeExpression\":\"${currentUser()}\"}]}";

		assertRefused(postAsAdmin("/engine-rest/task", body.getBytes(StandardCharsets.UTF_16),
				"application/json; charset=UTF-16"));
	}

	@Test
	void theHashFormInABranchIsRefusedByTheEngine() throws Exception {
		String body = "{\"\\u006frQueries\":[{\"assigneeLikeExpression\":\"#{'x'}\"}]}";

		assertRefused(postAsAdmin("/engine-rest/task", body.getBytes(StandardCharsets.UTF_8), "application/json"));
	}

	@Test
	void aFilterWithAnExpressionInABranchCannotBeSaved() throws Exception {
		String filter = "{\"resourceType\":\"Task\",\"name\":\"sneaky\",\"query\":" + ESCAPED_KEY + "}";
		long before = this.filters.createFilterQuery().filterName("sneaky").count();

		assertRefused(
				postAsAdmin("/engine-rest/filter/create", filter.getBytes(StandardCharsets.UTF_8), "application/json"));
		assertThat(this.filters.createFilterQuery().filterName("sneaky").count()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "list", "count" })
	void aSavedFilterExtendedWithAnExpressionInABranchIsRefused(String operation) throws Exception {
		String id = plainFilter("extended-" + operation);

		assertRefused(postAsAdmin("/engine-rest/filter/" + id + "/" + operation,
				ESCAPED_KEY.getBytes(StandardCharsets.UTF_8), "application/json"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "list", "count" })
	void aFilterStoredBeforeTheCheckIsRefusedWhenRun(String operation) throws Exception {
		String id = plainFilter("stored-" + operation);
		// As if saved before this check existed: straight into the engine's table.
		this.jdbc.sql("UPDATE ACT_RU_FILTER SET QUERY_ = :query WHERE ID_ = :id")
			.param("query", "{\"orQueries\":[{\"assigneeExpression\":\"${currentUser()}\"}]}")
			.param("id", id)
			.update();

		RawHttp.Response get = http().send("GET", "/engine-rest/filter/" + id + "/" + operation,
				Map.of("Authorization", basicAdmin()), null);

		assertRefused(get);
	}

	@Test
	void aFilterWithPlainBranchesIsSavedAndRuns() throws Exception {
		String filter = "{\"resourceType\":\"Task\",\"name\":\"plain-or\",\"query\":"
				+ "{\"orQueries\":[{\"assignee\":\"admin\"},{\"name\":\"Review\"}]}}";

		RawHttp.Response created = postAsAdmin("/engine-rest/filter/create", filter.getBytes(StandardCharsets.UTF_8),
				"application/json");
		String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).path("id").asText();
		ResponseEntity<JsonNode> listed = this.api.get("/engine-rest/filter/" + id + "/list");

		assertThat(created.status()).as(created.body()).isEqualTo(200);
		assertThat(listed.getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void tasklistsOwnEngineApiRefusesItForALoggedInUser() throws Exception {
		WebappSession session = WebappSession.login(http(), ApiClient.USER, ApiClient.PASSWORD);

		RawHttp.Response response = http().send("POST", "/camunda/api/engine/engine/default/task",
				session.headers(Map.of("Content-Type", "application/json")),
				ESCAPED_KEY.getBytes(StandardCharsets.UTF_8));

		assertRefused(response);
	}

	@Test
	void theJavaApiRefusesItToo() {
		assertThatThrownBy(
				() -> this.tasks.createTaskQuery().or().taskAssigneeExpression("${currentUser()}").endOr().list())
			.isInstanceOf(BadUserRequestException.class)
			.hasMessageContaining("CVE-2026-109432");
		assertThat(this.tasks.createTaskQuery().or().taskAssignee("admin").taskName("x").endOr().list()).isNotNull();
	}

	private String plainFilter(String name) {
		Filter filter = this.filters.newTaskFilter(name).setQuery(this.tasks.createTaskQuery().taskAssignee("admin"));
		this.filters.saveFilter(filter);
		return filter.getId();
	}

}
