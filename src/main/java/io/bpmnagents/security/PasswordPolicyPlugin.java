package io.bpmnagents.security;

import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.SaveUserCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

import org.springframework.stereotype.Component;

/**
 * Makes a password that Camunda's password policy ({@code enable-password-policy})
 * refuses the client's error: the engine throws a plain {@code ProcessEngineException},
 * which Camunda's REST API (user create, credentials update, the Admin webapp) answers
 * with {@code 500}. It becomes a {@code BadUserRequestException}, answered with
 * {@code 400} and a message that says what the policy asks for.
 */
@Component
class PasswordPolicyPlugin extends AbstractProcessEnginePlugin {

	/** Camunda's message, the only sign of this refusal it gives. */
	static final String CAMUNDA_MESSAGE = "Password does not match policy";

	static final String MESSAGE = "The password does not match the password policy: at least 10 characters, "
			+ "with an upper-case and a lower-case letter, a digit and a special character, not containing "
			+ "the user's id, names or email (GET /engine-rest/identity/password-policy lists the rules).";

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addCommandInterceptor(configuration, EngineHooks.Interceptor.BEFORE_CONTEXT, PolicyRefusals::new);
	}

	static final class PolicyRefusals extends CommandInterceptor {

		@Override
		public <T> T execute(Command<T> command) {
			try {
				return this.next.execute(command);
			}
			catch (ProcessEngineException ex) {
				if (command instanceof SaveUserCmd && ex.getClass() == ProcessEngineException.class
						&& CAMUNDA_MESSAGE.equals(ex.getMessage())) {
					throw new BadUserRequestException(MESSAGE, ex);
				}
				throw ex;
			}
		}

	}

}
