package io.bpmnagents.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import io.bpmnagents.support.BpmnText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCodeTest {

	@ParameterizedTest
	@ValueSource(strings = { "${execution.getVariable('approved') == true}", "${agents[agents.size() - 1]}",
			"${iteration < maxIterations}", "${execution.setVariable('round', round + 1)}",
			"${execution.removeVariable('approved')}", "${strategy == 'parallel'}", "#{currentUser()}",
			"${plan.worker}", "${contributions['writer']}", "Due ${dateTime().plusDays(1)}", "no expression here",
			"${task.assignee}", "${execution.processInstanceId}" })
	void readingAndSettingVariablesIsAllowed(String expression) {
		assertThat(ModelCode.expressionRefusal(expression)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"${execution.processEngineServices.identityService.createMembership('mallory', 'camunda-admin')}",
			"${execution.getProcessEngineServices().getRuntimeService()}", "${execution.processEngine}",
			"${execution['processEngineServices']}", "${execution}", "${''.class.forName('java.lang.Runtime')}",
			"${x.class}", "${x['class']}", "${x.getClass()}", "${S(x)}", "#{task.setAssignee('me')}",
			"${execution.getVariable('a').getClass()}", "text ${not valid(}" })
	void reachingTheEngineOrJavaIsRefused(String expression) {
		assertThat(ModelCode.expressionRefusal(expression)).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"<bpmn:scriptTask id=\"S\" scriptFormat=\"javascript\"><bpmn:script>x</bpmn:script></bpmn:scriptTask>",
			"<bpmn:serviceTask id=\"S\" camunda:class=\"org.example.Delegate\" />",
			"<bpmn:serviceTask id=\"S\" camunda:delegateExpression=\"${delegate}\" />",
			"<bpmn:serviceTask id=\"S\" camunda:expression=\"${execution.processEngineServices.identityService.deleteUser('admin')}\" />",
			"<bpmn:task id=\"S\"><bpmn:extensionElements><camunda:executionListener class=\"org.example.L\" event=\"start\" /></bpmn:extensionElements></bpmn:task>",
			"<bpmn:task id=\"S\"><bpmn:extensionElements><camunda:executionListener event=\"start\"><camunda:script scriptFormat=\"groovy\">x</camunda:script></camunda:executionListener></bpmn:extensionElements></bpmn:task>",
			"<bpmn:task id=\"S\"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name=\"x\">&#36;{execution.processEngine}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>",
			"<bpmn:task id=\"S\"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name=\"x\"><![CDATA[${''.class}]]></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>",
			"<bpmn:task id=\"S\"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name=\"x\">$<!-- split -->{execution.processEngine}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>",
			"<bpmn:task id=\"S\"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name=\"x\">$<![CDATA[{execution.processEngine}]]></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>" })
	void aDiagramWithCodeIsRefused(String element) {
		assertThat(ModelCode.refusal("mine.bpmn", diagram(element))).isPresent();
	}

	@Test
	void aTimerStartsNoProcessButMayWaitInsideOne() {
		String timerStart = "<bpmn:startEvent id=\"S\"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1M</bpmn:timeCycle>"
				+ "</bpmn:timerEventDefinition></bpmn:startEvent>";
		String timerInside = "<bpmn:intermediateCatchEvent id=\"W\"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M"
				+ "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>"
				+ "<bpmn:subProcess id=\"E\" triggeredByEvent=\"true\">" + timerStart.replace("\"S\"", "\"S2\"")
				+ "</bpmn:subProcess>";

		assertThat(ModelCode.refusal("mine.bpmn", diagram(timerStart)))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("timer start event"));
		assertThat(ModelCode.refusal("mine.bpmn", diagram(timerInside))).isEmpty();
	}

	@Test
	void promptsAndDocumentationAreNotExpressions() {
		String element = "<bpmn:serviceTask id=\"S\" camunda:type=\"external\" camunda:topic=\"agent-task\">"
				+ "<bpmn:documentation>${anything(at all)}</bpmn:documentation><bpmn:extensionElements>"
				+ "<camunda:properties><camunda:property name=\"prompt\" value=\"Write about ${topic|task} (briefly)\" />"
				+ "</camunda:properties></bpmn:extensionElements></bpmn:serviceTask>";

		assertThat(ModelCode.refusal("mine.bpmn", diagram(element))).isEmpty();
	}

	@Test
	void aDoctypeIsRefused() {
		String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
				+ new String(diagram("<bpmn:task id=\"S\" name=\"&e;\" />"), StandardCharsets.UTF_8)
					.substring(BpmnText.PROLOG.length());

		assertThat(ModelCode.refusal("mine.bpmn", xml.getBytes(StandardCharsets.UTF_8))).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "decision.dmn", "case.cmmn", "approve.html", "form.js", "script.groovy", "logo.svg" })
	void filesThatCanCarryCodeAreRefused(String name) {
		assertThat(ModelCode.refusal(name, "<x/>".getBytes(StandardCharsets.UTF_8))).isPresent();
	}

	@ParameterizedTest
	@MethodSource("shippedDiagramsAndForms")
	void everyShippedPatternAndFormPassesSoAModellerMayStartFromOne(Path file) throws IOException {
		assertThat(ModelCode.refusal(file.getFileName().toString(), Files.readAllBytes(file))).isEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "result-approval.bpmn, approve-result.html", "tool-approval.bpmn, approve-tool-call.html" })
	void theShippedApprovalsWithTheirHtmlFormsAreForAdministratorsOnly(String diagram, String form) throws IOException {
		Path approval = Path.of("processes", diagram);

		assertThat(ModelCode.refusal(diagram, Files.readAllBytes(approval)))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("embedded:deployment:" + form));
	}

	static Stream<Path> shippedDiagramsAndForms() throws IOException {
		return Files.list(Path.of("processes"))
			.filter((file) -> file.toString().endsWith(".bpmn") || file.toString().endsWith(".form"))
			.filter((file) -> !Set.of("result-approval.bpmn", "tool-approval.bpmn")
				.contains(file.getFileName().toString()))
			.sorted();
	}

	@ParameterizedTest
	@ValueSource(strings = { "camunda:formKey=\"embedded:deployment:start.png\"",
			"camunda:formKey=\"embedded:app:forms/start.html\"",
			"camunda:formKey=\"embedded:engine://engine/:engine/deployment/1/resources/2/data\"",
			"camunda:formKey=\"deployment:start.html\"", "camunda:formKey=\"app:start.html\"",
			"camunda:formKey=\"https://elsewhere.example/phish\"", "camunda:formKey=\"${startForm}\"",
			"camunda:formKey=\"camunda-forms:deployment:${formName}.form\"",
			"camunda:formKey=\"camunda-forms:app:../engine-rest/x.form\"",
			"camunda:formKey=\"camunda-forms:deployment:start.html\"" })
	void aFormKeyThatOpensAPageIsRefusedOnStartEventsAndUserTasks(String formKey) {
		assertThat(ModelCode.refusal("mine.bpmn", diagram("<bpmn:startEvent id=\"S\" " + formKey + " />")))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("form key"));
		assertThat(ModelCode.refusal("mine.bpmn", diagram("<bpmn:userTask id=\"U\" " + formKey + " />")))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("form key"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "camunda:formKey=\"camunda-forms:deployment:start.form\"",
			"camunda:formRef=\"start\" camunda:formRefBinding=\"deployment\"",
			"camunda:formRef=\"${formId}\" camunda:formRefBinding=\"latest\"", "" })
	void camundaFormsAndNoFormAreAllowed(String form) {
		assertThat(ModelCode.refusal("mine.bpmn", diagram("<bpmn:userTask id=\"U\" " + form + " />"))).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"<bpmn:task id=\"S\"><bpmn:extensionElements><html:img xmlns:html=\"http://www.w3.org/1999/xhtml\" src=\"x\" /></bpmn:extensionElements></bpmn:task>",
			"<bpmn:task id=\"S\"><bpmn:extensionElements><svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\" /></bpmn:extensionElements></bpmn:task>",
			"<bpmn:task id=\"S\"><bpmn:extensionElements><anything /></bpmn:extensionElements></bpmn:task>",
			"<bpmn:task id=\"S\" onclick=\"alert(1)\" />",
			"<bpmn:task id=\"S\" xmlns:h=\"http://www.w3.org/1999/xhtml\" h:onMouseOver=\"alert(1)\" />",
			"<bpmn:task id=\"S\"><?xml-stylesheet href=\"x.xsl\"?></bpmn:task>",
			"<bpmn:userTask id=\"U\"><bpmn:extensionElements><camunda:formData><camunda:formField id=\"f\" label=\"{{constructor.constructor('alert(1)')()}}\" type=\"string\" /></camunda:formData></bpmn:extensionElements></bpmn:userTask>",
			"<bpmn:userTask id=\"U\" camunda:formHandlerClass=\"org.example.Forms\" />" })
	void aDiagramWithContentThatRunsInABrowserIsRefused(String element) {
		assertThat(ModelCode.refusal("mine.bpmn", diagram(element))).isPresent();
	}

	@Test
	void aStylesheetInstructionBeforeTheDiagramIsRefused() {
		String xml = "<?xml version=\"1.0\"?><?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?>"
				+ new String(diagram("<bpmn:task id=\"S\" />"), StandardCharsets.UTF_8)
					.substring(BpmnText.PROLOG.length());

		assertThat(ModelCode.refusal("mine.bpmn", xml.getBytes(StandardCharsets.UTF_8)))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("xml-stylesheet"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "start.png", "start.PNG", "start.jpg", "start.jpeg", "start.gif", "start.webp" })
	void htmlNamedAsAnImageIsRefused(String name) {
		byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);

		assertThat(ModelCode.refusal(name, html))
			.hasValueSatisfying((reason) -> assertThat(reason).contains("not one"));
	}

	@Test
	void imagesPassByTheirBytes() {
		assertThat(ModelCode.refusal("logo.png", bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0))).isEmpty();
		assertThat(ModelCode.refusal("logo.jpg", bytes(0xff, 0xd8, 0xff, 0xe0, 0))).isEmpty();
		assertThat(ModelCode.refusal("logo.gif", "GIF89a....".getBytes(StandardCharsets.US_ASCII))).isEmpty();
		assertThat(ModelCode.refusal("logo.webp", "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)))
			.isEmpty();
		assertThat(ModelCode.refusal("logo.webp", "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII)))
			.isPresent();
		assertThat(ModelCode.refusal("logo.png", bytes(0xff, 0xd8, 0xff, 0xe0, 0))).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "<html><script>alert(1)</script></html>", "[]", "{\"type\":\"default\"}",
			"{\"type\":\"page\",\"components\":[]}", "{\"components\":[{\"type\":\"html\",\"content\":\"<b>x</b>\"}]}",
			"{\"components\":[{\"type\":\"iframe\",\"url\":\"https://elsewhere.example\"}]}",
			"{\"components\":[{\"type\":\"group\",\"components\":[{\"type\":\"html\"}]}]}",
			"{\"components\":[\"text\"]}", "{\"components\":[{\"type\":\"text\",\"type\":\"html\"}]}" })
	void aFormThatIsNotFormJsOfPlainFieldsIsRefused(String form) {
		assertThat(ModelCode.refusal("start.form", form.getBytes(StandardCharsets.UTF_8))).isPresent();
	}

	@Test
	void aFormJsFormOfPlainFieldsIsAllowed() {
		String form = "{\"type\":\"default\",\"id\":\"start\",\"components\":[{\"type\":\"text\",\"text\":\"# Hi\"},"
				+ "{\"type\":\"group\",\"components\":[{\"type\":\"textfield\",\"key\":\"task\"}]}]}";

		assertThat(ModelCode.refusal("start.form", form.getBytes(StandardCharsets.UTF_8))).isEmpty();
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	private static byte[] diagram(String element) {
		return BpmnText.process("p", element).getBytes(StandardCharsets.UTF_8);
	}

}
