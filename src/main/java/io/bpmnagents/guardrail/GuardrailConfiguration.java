package io.bpmnagents.guardrail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrail;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The guardrails by name: the built-in {@code pii}, those configured under
 * {@code bpmn-agents.guardrails.<name>}, and every LangChain4j {@code InputGuardrail} or
 * {@code OutputGuardrail} bean under its bean name. A guardrail that cannot work (an
 * unknown type, a broken pattern, a judge without a policy) stops the start with a
 * message saying which and why.
 */
@Configuration(proxyBeanMethods = false)
class GuardrailConfiguration {

	static final String PREFIX = "bpmn-agents.guardrails";

	private static final Set<String> TYPES = Set.of("pii", "deny", "allow", "max-length", "judge");

	@Bean
	Guardrails guardrails(Environment environment, ListableBeanFactory beans, ObjectProvider<Judge> judges) {
		Map<String, GuardrailDefinition> configured = new LinkedHashMap<>();
		configured.put(GuardrailDefinition.PII, GuardrailDefinition.pii());
		configured.putAll(Binder.get(environment)
			.bind(PREFIX, Bindable.mapOf(String.class, GuardrailDefinition.class))
			.orElse(Map.of()));
		// Asked for when a judge first judges: the judge is an agent, and agents use
		// guardrails.
		Judge judge = (call, agent, prompt) -> judges.getObject().ask(call, agent, prompt);
		Map<String, NamedGuardrail> named = new LinkedHashMap<>();
		configured.forEach((name, definition) -> named.put(name, builtIn(name, definition.withTypeFor(name), judge)));
		Map<String, InputGuardrail> inputs = beans.getBeansOfType(InputGuardrail.class);
		Map<String, OutputGuardrail> outputs = beans.getBeansOfType(OutputGuardrail.class);
		for (String name : union(inputs.keySet(), outputs.keySet())) {
			if (named.containsKey(name)) {
				throw new IllegalStateException("The guardrail bean '" + name + "' has the name of a configured or "
						+ "built-in guardrail; rename the bean or the configured guardrail");
			}
			named.put(name, new NamedGuardrail(name, inputs.get(name), outputs.get(name), 1));
		}
		return new Guardrails(named);
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> all = new java.util.TreeSet<>(a);
		all.addAll(b);
		return all;
	}

	static NamedGuardrail builtIn(String name, GuardrailDefinition definition, Judge judge) {
		String where = PREFIX + "." + name;
		if (definition.type() == null || !TYPES.contains(definition.type())) {
			throw new IllegalStateException(
					where + ".type must be one of " + TYPES + ", not '" + definition.type() + "'");
		}
		if (GuardrailDefinition.PII.equals(name) && !GuardrailDefinition.PII.equals(definition.type())) {
			throw new IllegalStateException(where + " is the built-in PII redaction; its type stays 'pii'");
		}
		if (!Set.of("input", "output", "both").contains(definition.on())) {
			throw new IllegalStateException(where + ".on must be input, output or both, not '" + definition.on() + "'");
		}
		if (!Set.of("error", "reprompt").contains(definition.onFail()) || definition.reprompts() < 0) {
			throw new IllegalStateException(where + ".on-fail must be error or reprompt (and .reprompts at least 0)");
		}
		TextRule rule;
		try {
			rule = switch (definition.type()) {
				case "pii" -> new PiiRedaction(definition.region());
				case "deny" -> PatternRule.deny(name, definition.patterns());
				case "allow" -> PatternRule.allow(name, definition.patterns());
				case "max-length" -> new MaxLength(name, definition.max());
				default -> new JudgeRule(name, definition.agent(), definition.policy(), judge);
			};
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(where + ": " + ex.getMessage(), ex);
		}
		return new NamedGuardrail(name, definition.checksInput() ? TextGuardrails.input(rule) : null,
				definition.checksOutput() ? TextGuardrails.output(rule, definition.repromptsOnFail()) : null,
				definition.repromptsOnFail() ? definition.reprompts() : 0);
	}

}
