package io.bpmnagents.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
					.substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".length());

		assertThat(ModelCode.refusal("mine.bpmn", xml.getBytes(StandardCharsets.UTF_8))).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "decision.dmn", "case.cmmn", "approve.html", "form.js", "script.groovy", "logo.svg" })
	void filesThatCanCarryCodeAreRefused(String name) {
		assertThat(ModelCode.refusal(name, "<x/>".getBytes(StandardCharsets.UTF_8))).isPresent();
	}

	@ParameterizedTest
	@MethodSource("shippedDiagrams")
	void everyShippedDiagramPassesSoAModellerMayStartFromOne(Path diagram) throws IOException {
		assertThat(ModelCode.refusal(diagram.getFileName().toString(), Files.readAllBytes(diagram))).isEmpty();
	}

	static Stream<Path> shippedDiagrams() throws IOException {
		return Files.list(Path.of("processes")).filter((file) -> file.toString().endsWith(".bpmn")).sorted();
	}

	private static byte[] diagram(String element) {
		return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
				+ "<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" "
				+ "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" id=\"D\" targetNamespace=\"t\">"
				+ "<bpmn:process id=\"p\" isExecutable=\"true\">" + element + "</bpmn:process></bpmn:definitions>")
			.getBytes(StandardCharsets.UTF_8);
	}

}
