package io.bpmnagents.process;

import java.util.ArrayList;
import java.util.Map;
import java.util.function.Supplier;

import io.bpmnagents.engine.EngineHooks;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.RestartProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.variable.value.ObjectValue;

import org.springframework.stereotype.Component;

/**
 * What a person may put into a run's variables, checked inside the engine, where every
 * route ends: {@code /api/runs}, {@code /engine-rest}, the webapps' engine API, Tasklist
 * and Java all reach the engine as a command issued with the person's authentication, and
 * each command (start, modification, task completion or form, message, signal, condition,
 * variable write or removal, batch) keeps the variables it was given
 * ({@link CommandVariables}).
 * <ul>
 * <li>No {@linkplain ReservedVariables reserved variable} is set or removed. This holds
 * for administrators too: a reserved value set by hand steers the app's mechanisms (a
 * tool loop resuming another task's conversation, a run's status), which no grant makes
 * correct.</li>
 * <li>No {@code Object} value of a class outside the short allow-list
 * ({@link ObjectTypes}); the engine also reads none back (Camunda's deserialization type
 * validation is on, with that list), so a class nobody allowed is never
 * instantiated.</li>
 * </ul>
 * The app's own work (its worker, the job executor, what it does on a person's behalf
 * after its own checks) runs without an authentication and is not checked. A refusal is a
 * {@link RefusedVariableException}: {@code 400} on {@code /api} and {@code /engine-rest}.
 */
@Component
class ClientVariablesPlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		ObjectTypes types = new ObjectTypes();
		configuration.setDeserializationTypeValidationEnabled(true);
		configuration.setDeserializationTypeValidator(types);
		Supplier<Authentication> person = () -> configuration.getIdentityService().getCurrentAuthentication();
		EngineHooks.addCommandInterceptor(configuration, EngineHooks.Interceptor.BEFORE_CONTEXT,
				() -> new Check(person, types));
	}

	/** Checks a person's command before it runs. */
	@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
	static final class Check extends CommandInterceptor {

		private final Supplier<Authentication> person;

		private final ObjectTypes types;

		@Override
		public <T> T execute(Command<T> command) {
			if (this.person.get() != null) {
				check(command);
			}
			return this.next.execute(command);
		}

		private void check(Command<?> command) {
			Map<String, Object> variables = CommandVariables.of(command);
			if (variables.isEmpty()) {
				return;
			}
			boolean starting = starts(command);
			variables.forEach((name, value) -> {
				String refusal = ReservedVariables.refusal(name, starting);
				if (refusal != null) {
					throw new RefusedVariableException(name, refusal);
				}
				String type = objectType(value);
				if (type != null && !this.types.allows(type)) {
					throw new RefusedVariableException(name, "Variable '" + name + "' is an object of type '" + type
							+ "', which bpmn-agents does not accept: send texts, numbers, flags, or JSON (type Json, "
							+ "or Object of java.util.ArrayList or java.util.LinkedHashMap as application/json).");
				}
			});
		}

		/** The class an object value names, or {@code null} for any other value. */
		private static String objectType(Object value) {
			if (!(value instanceof ObjectValue object)) {
				return null;
			}
			if (object.isDeserialized()) {
				return (object.getValue() != null) ? object.getValue().getClass().getName() : null;
			}
			return object.getObjectTypeName();
		}

		/** Commands that only start new runs, with the inputs a run starts with. */
		private static boolean starts(Command<?> command) {
			return command instanceof StartProcessInstanceCmd || command instanceof StartProcessInstanceAtActivitiesCmd
					|| command instanceof SubmitStartFormCmd || command instanceof RestartProcessInstancesCmd;
		}

	}

}
