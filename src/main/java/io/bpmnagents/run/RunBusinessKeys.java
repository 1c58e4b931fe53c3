package io.bpmnagents.run;

import java.security.SecureRandom;
import java.util.Locale;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.stereotype.Component;

/**
 * Every run has a business key, so Cockpit's search by business key finds it and people
 * can name it: the one given when it starts ({@code POST /api/runs} {@code businessKey},
 * or Camunda's own start calls), else one made from the process and a short random id
 * ({@code debate-k3f9q2ab}). A process a run calls takes the run's key, so the search
 * finds the called instances beside it. Set in a built-in start listener of every
 * process, whatever route started it.
 */
@Component
class RunBusinessKeys extends AbstractProcessEnginePlugin {

	/** Camunda's business key column holds 255 characters. */
	static final int MAX_LENGTH = 255;

	private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addParseListener(configuration, new AbstractBpmnParseListener() {
			@Override
			public void parseProcess(Element element, ProcessDefinitionEntity definition) {
				definition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
						(ExecutionListener) (execution) -> given((ExecutionEntity) execution));
			}
		});
	}

	private static void given(ExecutionEntity execution) {
		if (!execution.isProcessInstanceExecution() || execution.getBusinessKey() != null) {
			return;
		}
		ExecutionEntity caller = execution.getSuperExecution();
		String key = (caller != null) ? caller.getProcessBusinessKey()
				: made(execution.getProcessDefinition().getKey());
		if (key != null) {
			execution.setProcessBusinessKey(key);
		}
	}

	/** A readable key: the process key and eight random letters and digits. */
	static String made(String processKey) {
		StringBuilder key = new StringBuilder(processKey.toLowerCase(Locale.ROOT)).append('-');
		for (int i = 0; i < 8; i++) {
			key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return (key.length() <= MAX_LENGTH) ? key.toString() : key.substring(key.length() - MAX_LENGTH);
	}

	/**
	 * The business key a client gave, checked: text of at most {@value #MAX_LENGTH}
	 * characters without control characters; {@code null} when none was given.
	 */
	static String checked(String given) {
		if (given == null) {
			return null;
		}
		String key = given.strip();
		if (key.isEmpty()) {
			throw new InvalidInputException("businessKey",
					"Field 'businessKey' must not be blank; leave it out to have one made.");
		}
		if (key.length() > MAX_LENGTH) {
			throw new InvalidInputException("businessKey",
					"Field 'businessKey' is at most " + MAX_LENGTH + " characters, was " + key.length() + ".");
		}
		if (key.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidInputException("businessKey",
					"Field 'businessKey' must not hold control characters (line breaks, tabs).");
		}
		return key;
	}

}
