package io.bpmnagents.security;

import java.util.Map;

import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.impl.el.VariableContextElResolver;
import org.camunda.bpm.engine.impl.el.VariableScopeElResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ArrayELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.BeanELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ListELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.MapELResolver;

/**
 * The engine's expression language as Camunda's Spring integration builds it (variables,
 * arrays, lists, maps, bean properties and methods) but without the application's beans,
 * and with {@link ReflectionRefusingElResolver} in front of every resolver.
 */
final class GuardedExpressionManager extends JuelExpressionManager {

	GuardedExpressionManager() {
		super(Map.of());
	}

	@Override
	protected ELResolver createElResolver() {
		CompositeELResolver resolvers = new CompositeELResolver();
		resolvers.add(new VariableScopeElResolver());
		resolvers.add(new VariableContextElResolver());
		resolvers.add(new ArrayELResolver());
		resolvers.add(new ListELResolver());
		resolvers.add(new MapELResolver());
		resolvers.add(new BeanELResolver());
		return new ReflectionRefusingElResolver(resolvers);
	}

}
