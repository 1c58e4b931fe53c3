package io.bpmnagents.security;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.BpmnText;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An expression reaches no class, class loader, reflection, thread, process or Spring
 * bean, however the name of the step is spelled or computed: {@code x[k]} with {@code k}
 * holding {@code "class"} is refused like {@code x.class}. The deploy-time check of a
 * person's model sees only literal names; the engine's expression language refuses the
 * rest when it runs.
 */
class ExpressionReachSecurityTest extends EndToEndApiTest {

	@Autowired
	ProcessEngine engine;

	@Autowired
	HistoryService history;

	@ParameterizedTest
	@ValueSource(strings = { "${x[k]}", "${x[k].name}", "${dateTime()[k].classLoader}", "${x[k2]}", "${x.getClass()}",
			"${x.class}", "${c.name}", "${c.forName('java.lang.Runtime')}", "${r}", "${t.contextClassLoader}",
			"${x[k].forName('java.lang.Runtime').getRuntime()}", "${methods[0].invoke(null)}" })
	void aClassClassLoaderOrReflectionIsRefusedHoweverItIsNamed(String expression) {
		assertThatThrownBy(() -> evaluate(expression)).hasMessageContaining("may not reach classes");
	}

	@Test
	void noSpringBeanIsReachableByName() {
		assertThatThrownBy(() -> evaluate("${runService}")).hasMessageContaining("runService");
		assertThatThrownBy(() -> evaluate("${processEngineConfiguration}"))
			.hasMessageContaining("processEngineConfiguration");
	}

	@Test
	void variablesValuesAndMapEntriesNamedClassStillWork() {
		assertThat(evaluate("${x.toUpperCase()}")).isEqualTo("TEXT");
		assertThat(evaluate("${x.length() + list.size()}")).isEqualTo(6L);
		assertThat(evaluate("${seat['class']}")).isEqualTo("economy");
		assertThat(evaluate("${seat[k]}")).isEqualTo("economy");
		assertThat(evaluate("${list[1] == 'b'}")).isEqualTo(true);
		assertThat(evaluate("${dateTime().plusDays(1).toDate() != null}")).isEqualTo(true);
	}

	@Test
	void aModellersProcessCannotComputeItsWayToTheClassLoader() {
		Person modeller = this.people.inGroups("modellers", "operators");
		String key = "reach-" + System.nanoTime();
		ResponseEntity<JsonNode> deployed = modeller.deploy(key + ".bpmn", leakingProcess(key));
		assertThat(deployed.getStatusCode().value()).as(String.valueOf(deployed.getBody())).isEqualTo(200);

		ResponseEntity<JsonNode> started = modeller.post("/api/runs",
				Map.of("process", key, "input", Map.of("k", "class")));

		assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(400);
		assertThat(started.getBody().path("detail").asText()).contains("may not reach classes");
		assertThat(this.history.createHistoricVariableInstanceQuery().variableName("loader").list()).isEmpty();
	}

	@Test
	void shippedKindsOfExpressionsStillRunInAModellersProcess() {
		Person modeller = this.people.inGroups("modellers", "operators");
		String key = "plain-" + System.nanoTime();
		modeller.deploy(key + ".bpmn", process(key, "${seat[k]} until ${dateTime().plusDays(1).toDate() != null}"));

		ResponseEntity<JsonNode> started = modeller.post("/api/runs",
				Map.of("process", key, "input", Map.of("k", "class", "seat", Map.of("class", "economy"))));

		assertThat(started.getStatusCode().value()).as(String.valueOf(started.getBody())).isEqualTo(201);
		assertThat(this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(started.getBody().path("id").asText())
			.variableName("loader")
			.singleResult()
			.getValue()).isEqualTo("economy until true");
	}

	private Object evaluate(String expression) {
		JuelExpressionManager expressions = (JuelExpressionManager) ((ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration()).getExpressionManager();
		VariableMap variables = Variables.putValue("x", "text")
			.putValue("k", "class")
			.putValue("k2", "Class".toLowerCase())
			.putValue("c", String.class)
			.putValue("r", Runtime.getRuntime())
			.putValue("t", Thread.currentThread())
			.putValue("methods", String.class.getMethods())
			.putValue("seat", Map.of("class", "economy"))
			.putValue("list", List.of("a", "b"));
		return expressions.createValueExpression(expression)
			.getValue(expressions.createElContext(variables.asVariableContext()));
	}

	private static String leakingProcess(String key) {
		return process(key, "${dateTime()[k].classLoader.name}");
	}

	private static String process(String key, String output) {
		return BpmnText.sequence(key, "<bpmn:startEvent id=\"Start\" />",
				"<bpmn:task id=\"Reach\"><bpmn:extensionElements><camunda:inputOutput>"
						+ "<camunda:outputParameter name=\"loader\">" + output + "</camunda:outputParameter>"
						+ "</camunda:inputOutput></bpmn:extensionElements></bpmn:task>",
				"<bpmn:endEvent id=\"End\" />");
	}

}
