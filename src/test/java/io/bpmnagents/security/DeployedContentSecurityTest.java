package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.BpmnText;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a modeller deploys is never active content in someone else's browser. Their
 * deployment may hold Camunda Forms, plain diagrams and images that are images; and
 * whatever a deployment holds (an administrator's HTML form, an SVG) is served by every
 * route as something that runs nothing when opened: {@code nosniff} and
 * {@code default-src 'none'; sandbox}, diagrams as attachments or JSON.
 */
class DeployedContentSecurityTest extends EndToEndApiTest {

	private static final String POLICY = "default-src 'none'; sandbox";

	/** A form whose script would add its author to the administrators. */
	private static final String HOSTILE_FORM = """
			<form role="form"><script cam-script type="text/form-script">
			fetch('/camunda/api/engine/engine/default/group/camunda-admin/members/mallory', {method: 'PUT'});
			</script><input cam-variable-name="task" cam-variable-type="String" /></form>
			""";

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };

	@LocalServerPort
	int port;

	@Test
	void aModellersHtmlFormSavedAsAnImageIsRefusedAndNothingIsDeployed() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);

		ResponseEntity<JsonNode> response = modeller.deploy("start-form-as-image",
				files("png-form.bpmn", process("png-form", "camunda:formKey=\"embedded:deployment:start.png\"", ""),
						"start.png", HOSTILE_FORM));

		assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(403);
		assertThat(response.getBody().path("message").asText()).contains("start.png");
		assertThat(definitions("png-form")).isEmpty();
	}

	@Test
	void aModellersEmbeddedAppOrExpressionFormKeyIsRefusedOnStartEventsAndUserTasks() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);

		for (String formKey : List.of("embedded:deployment:start.html", "embedded:app:forms/start.html",
				"deployment:start.html", "app:start.html", "${startForm}")) {
			ResponseEntity<JsonNode> onStart = modeller.deploy("start-key.bpmn",
					process("start-key", "camunda:formKey=\"" + formKey + "\"", ""));
			ResponseEntity<JsonNode> onTask = modeller.deploy("task-key.bpmn",
					process("task-key", "", "camunda:formKey=\"" + formKey + "\""));

			assertThat(List.of(onStart, onTask)).as(formKey)
				.allSatisfy((response) -> assertThat(response.getStatusCode().value()).isEqualTo(403));
			assertThat(onStart.getBody().path("message").asText()).contains("form key", formKey);
		}
		assertThat(definitions("start-key")).isEmpty();
		assertThat(definitions("task-key")).isEmpty();
	}

	@Test
	void aModellersDiagramWithXhtmlOrEventHandlersIsRefused() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		String xhtml = "<bpmn:extensionElements><html:img xmlns:html=\"http://www.w3.org/1999/xhtml\" src=\"x\" "
				+ "onerror=\"alert(document.cookie)\" /></bpmn:extensionElements>";

		ResponseEntity<JsonNode> element = modeller.deploy("xhtml.bpmn", startTaskEnd("xhtml",
				"<bpmn:startEvent id=\"Start\" />", "<bpmn:userTask id=\"Task\">" + xhtml + "</bpmn:userTask>"));
		ResponseEntity<JsonNode> handler = modeller.deploy("handler.bpmn",
				process("handler", "onclick=\"alert(1)\"", ""));

		assertThat(element.getStatusCode().value()).isEqualTo(403);
		assertThat(element.getBody().path("message").asText()).contains("http://www.w3.org/1999/xhtml");
		assertThat(handler.getStatusCode().value()).isEqualTo(403);
		assertThat(handler.getBody().path("message").asText()).contains("onclick");
	}

	@Test
	void aModellersSvgOrNonFormJsFormIsRefused() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);

		ResponseEntity<JsonNode> svg = modeller.deploy("with-svg", files("svg.bpmn", process("svg", "", ""), "svg.svg",
				"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"));
		ResponseEntity<JsonNode> htmlForm = modeller.deploy("with-html-form",
				files("html-form.bpmn", process("html-form", "camunda:formKey=\"camunda-forms:deployment:a.form\"", ""),
						"a.form",
						"{\"components\":[{\"type\":\"html\",\"content\":\"<img src=x onerror=alert(1)>\"}]}"));
		ResponseEntity<JsonNode> notJson = modeller.deploy("with-page-form",
				files("page-form.bpmn", process("page-form", "camunda:formKey=\"camunda-forms:deployment:a.form\"", ""),
						"a.form", HOSTILE_FORM));

		assertThat(List.of(svg, htmlForm, notJson))
			.allSatisfy((response) -> assertThat(response.getStatusCode().value()).isEqualTo(403));
		assertThat(htmlForm.getBody().path("message").asText()).contains("'html'");
	}

	@Test
	void aModellersCamundaFormPlainDiagramAndRealImageAreDeployed() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("plain-form.bpmn",
				process("plain-form", "camunda:formRef=\"plain-start\" " + "camunda:formRefBinding=\"deployment\"",
						"camunda:formKey=\"camunda-forms:deployment:task.form\"")
					.getBytes(StandardCharsets.UTF_8));
		files.put("start.form", ("{\"type\":\"default\",\"id\":\"plain-start\",\"components\":[{\"type\":\"textfield\","
				+ "\"key\":\"task\",\"label\":\"Task\"}]}")
			.getBytes(StandardCharsets.UTF_8));
		files.put("task.form", ("{\"type\":\"default\",\"id\":\"plain-task\",\"components\":[{\"type\":\"text\","
				+ "\"text\":\"# Hello\"}]}")
			.getBytes(StandardCharsets.UTF_8));
		files.put("logo.png", PNG);

		ResponseEntity<JsonNode> response = modeller.deploy("plain", files);

		assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
		assertThat(definitions("plain-form")).hasSize(1);
	}

	@Test
	void whatADeploymentHoldsIsServedInertOnEveryRoute() throws Exception {
		// An administrator may deploy an HTML form and an SVG: they are trusted, but what
		// they deploy must still not run when someone opens its address.
		ResponseEntity<JsonNode> deployed = this.api.deployBytes("admin-content",
				files("inert-probe.bpmn",
						process("inert-probe", "camunda:formKey=\"embedded:deployment:start.html\"",
								"camunda:formKey=\"embedded:deployment:start.html\""),
						"inert-probe.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
						"start.html", HOSTILE_FORM, "generated.bpmn", generatedFormProcess()));
		assertThat(deployed.getStatusCode().value()).as(String.valueOf(deployed.getBody())).isEqualTo(200);
		String deployment = deployed.getBody().path("id").asText();
		String html = resourceId(deployment, "start.html");
		String definition = definitions("inert-probe").get(0).path("id").asText();
		String generated = definitions("generated-probe").get(0).path("id").asText();
		String run = startedRun("inert-probe");
		String task = taskOf(run);
		String generatedTask = taskOf(startedRun("generated-probe"));
		RawHttp http = new RawHttp(this.port);
		Map<String, String> basic = Map.of("Authorization", RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD));
		WebappSession webapp = WebappSession.login(http, ApiClient.USER, ApiClient.PASSWORD, "tasklist");
		Map<String, String> session = webapp.headers(Map.of());

		Map<String, RawHttp.Response> answers = new LinkedHashMap<>();
		for (String engine : List.of("/engine-rest", "/camunda/api/engine/engine/default")) {
			Map<String, String> login = engine.startsWith("/engine-rest") ? basic : session;
			for (String route : List.of("/deployment/" + deployment + "/resources/" + html + "/data",
					"/process-definition/" + definition + "/xml", "/process-definition/" + definition + "/diagram",
					"/process-definition/" + definition + "/deployed-start-form",
					"/process-definition/" + generated + "/rendered-form", "/task/" + task + "/deployed-form",
					"/task/" + generatedTask + "/rendered-form")) {
				answers.put(engine + route, http.send("GET", engine + route, login, null));
			}
		}
		answers.put("/api/runs/{id}/diagram", http.send("GET", "/api/runs/" + run + "/diagram", basic, null));
		answers.put("/api/runs/{id}/diagram with the webapp session",
				http.send("GET", "/api/runs/" + run + "/diagram", session, null));

		assertThat(answers).allSatisfy((route, answer) -> {
			assertThat(answer.status()).as(route + " " + answer.body()).isEqualTo(200);
			assertThat(answer.header("X-Content-Type-Options")).as(route).isEqualTo("nosniff");
			assertThat(answer.header("Content-Security-Policy")).as(route).isEqualTo(POLICY);
		});
		assertThat(answers.get("/engine-rest/deployment/" + deployment + "/resources/" + html + "/data").body())
			.as("the form is served as it is, only inert")
			.contains("cam-script");
		assertThat(answers.get("/api/runs/{id}/diagram").header("Content-Disposition")).startsWith("attachment");
		assertThat(answers.get("/engine-rest/process-definition/" + definition + "/xml").header("Content-Type"))
			.startsWith("application/json");
	}

	@Test
	void refusalsAndErrorsAreInertTooButTheWebappPagesKeepTheirOwnPolicy() throws Exception {
		RawHttp http = new RawHttp(this.port);

		RawHttp.Response malformed = http.send("GET", "/api/runs?%zz", Map.of(), null);
		RawHttp.Response unauthenticated = http.send("GET", "/engine-rest/deployment", Map.of(), null);
		RawHttp.Response tasklist = http.send("GET", "/camunda/app/tasklist/default/", Map.of(), null);

		assertThat(List.of(malformed, unauthenticated)).allSatisfy((answer) -> {
			assertThat(answer.status()).isBetween(400, 499);
			assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
			assertThat(answer.header("Content-Security-Policy")).isEqualTo(POLICY);
		});
		assertThat(tasklist.status()).isEqualTo(200);
		assertThat(tasklist.header("Content-Security-Policy")).as("Tasklist runs its own scripts")
			.isNotEqualTo(POLICY)
			.contains("script-src");
	}

	@Test
	void aComponentBehindCannotWeakenThePolicyAndAResetKeepsIt() throws Exception {
		InertResponsesFilter filter = new InertResponsesFilter("/camunda");
		MockHttpServletResponse weakened = new MockHttpServletResponse();
		MockHttpServletResponse reset = new MockHttpServletResponse();

		filter.doFilter(new MockHttpServletRequest("GET", "/camunda/api/engine/engine/default/task/1/deployed-form"),
				weakened, (request, response) -> {
					((HttpServletResponse) response).setHeader("Content-Security-Policy", "default-src *");
					((HttpServletResponse) response).addHeader("content-security-policy", "script-src *");
				});
		filter.doFilter(new MockHttpServletRequest("GET", "/engine-rest/task/1/deployed-form"), reset,
				(request, response) -> response.reset());

		assertThat(weakened.getHeaders("Content-Security-Policy")).containsExactly(POLICY);
		assertThat(reset.getHeader("Content-Security-Policy")).isEqualTo(POLICY);
		assertThat(reset.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	private List<JsonNode> definitions(String key) {
		JsonNode list = this.api.get("/engine-rest/process-definition?key=" + key).getBody();
		List<JsonNode> found = new java.util.ArrayList<>();
		list.forEach(found::add);
		return found;
	}

	private String resourceId(String deployment, String name) {
		for (JsonNode resource : this.api.get("/engine-rest/deployment/" + deployment + "/resources").getBody()) {
			if (name.equals(resource.path("name").asText())) {
				return resource.path("id").asText();
			}
		}
		throw new AssertionError("No resource " + name + " in deployment " + deployment);
	}

	private String startedRun(String key) {
		ResponseEntity<JsonNode> started = this.api.post("/engine-rest/process-definition/key/" + key + "/start",
				Map.of());
		assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(200);
		return started.getBody().path("id").asText();
	}

	private String taskOf(String run) {
		return this.api.get("/engine-rest/task?processInstanceId=" + run).getBody().path(0).path("id").asText();
	}

	private static Map<String, byte[]> files(String... namesAndContents) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int i = 0; i < namesAndContents.length; i += 2) {
			files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
		}
		return files;
	}

	/** A start event and a user task, each with the given attributes. */
	private static String process(String key, String startAttributes, String taskAttributes) {
		return startTaskEnd(key, "<bpmn:startEvent id=\"Start\" " + startAttributes + " />",
				"<bpmn:userTask id=\"Task\" " + taskAttributes + " />");
	}

	/** The start event and the user task as given, then an end. */
	private static String startTaskEnd(String key, String start, String task) {
		return BpmnText.sequence(key, start, task, "<bpmn:endEvent id=\"End\" />");
	}

	/** Generated forms, which the engine renders as HTML (/rendered-form). */
	private static String generatedFormProcess() {
		String fields = "<bpmn:extensionElements><camunda:formData><camunda:formField id=\"topic\" label=\"Topic\" "
				+ "type=\"string\" /></camunda:formData></bpmn:extensionElements>";
		return startTaskEnd("generated-probe", "<bpmn:startEvent id=\"Start\">" + fields + "</bpmn:startEvent>",
				"<bpmn:userTask id=\"Task\">" + fields + "</bpmn:userTask>");
	}

}
