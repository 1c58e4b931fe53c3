package io.bpmnagents.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * How the app's engine plugins hook into the engine, said once: a parse listener after
 * the engine's own, a job handler, an incident handler, a command interceptor on both
 * command executors, a session (one of the engine's managers, replaced by a guarded one),
 * and a listener on the start or end of every run (a root process instance, whatever
 * route started it; not the processes it calls).
 */
public final class EngineHooks {

	private EngineHooks() {
	}

	/** Adds a parse listener that runs after the engine's own ones. */
	public static void addParseListener(ProcessEngineConfigurationImpl configuration, BpmnParseListener listener) {
		if (configuration.getCustomPostBPMNParseListeners() == null) {
			configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
		}
		configuration.getCustomPostBPMNParseListeners().add(listener);
	}

	/**
	 * Adds a job handler; one of the same type as a built-in handler takes its place.
	 */
	public static void addJobHandler(ProcessEngineConfigurationImpl configuration, JobHandler<?> handler) {
		if (configuration.getCustomJobHandlers() == null) {
			configuration.setCustomJobHandlers(new ArrayList<>());
		}
		configuration.getCustomJobHandlers().add(handler);
	}

	/**
	 * Adds an incident handler; one of the same type as a built-in handler takes its
	 * place.
	 */
	public static void addIncidentHandler(ProcessEngineConfigurationImpl configuration, IncidentHandler handler) {
		if (configuration.getCustomIncidentHandlers() == null) {
			configuration.setCustomIncidentHandlers(new ArrayList<>());
		}
		configuration.getCustomIncidentHandlers().add(handler);
	}

	/** Where a command interceptor runs. */
	public enum Interceptor {

		/** Before the engine's own interceptors: before the command context exists. */
		BEFORE_CONTEXT,

		/** After them: inside the command context, where the caller is known. */
		INSIDE_CONTEXT

	}

	/**
	 * Adds a command interceptor to both of the engine's command executors (transaction
	 * required and requires new), whichever a route's command runs on;
	 * {@code interceptor} makes one for each, as an interceptor is a link of one chain.
	 */
	public static void addCommandInterceptor(ProcessEngineConfigurationImpl configuration, Interceptor where,
			Supplier<CommandInterceptor> interceptor) {
		if (where == Interceptor.BEFORE_CONTEXT) {
			configuration.setCustomPreCommandInterceptorsTxRequired(
					withOneMore(configuration.getCustomPreCommandInterceptorsTxRequired(), interceptor.get()));
			configuration.setCustomPreCommandInterceptorsTxRequiresNew(
					withOneMore(configuration.getCustomPreCommandInterceptorsTxRequiresNew(), interceptor.get()));
		}
		else {
			configuration.setCustomPostCommandInterceptorsTxRequired(
					withOneMore(configuration.getCustomPostCommandInterceptorsTxRequired(), interceptor.get()));
			configuration.setCustomPostCommandInterceptorsTxRequiresNew(
					withOneMore(configuration.getCustomPostCommandInterceptorsTxRequiresNew(), interceptor.get()));
		}
	}

	private static List<CommandInterceptor> withOneMore(List<CommandInterceptor> existing, CommandInterceptor added) {
		List<CommandInterceptor> interceptors = (existing != null) ? new ArrayList<>(existing) : new ArrayList<>();
		interceptors.add(added);
		return interceptors;
	}

	/**
	 * Adds a session factory: the engine opens {@code session} wherever a command asks
	 * for a session of {@code type}, in place of the engine's own.
	 */
	public static void addSession(ProcessEngineConfigurationImpl configuration, Class<?> type,
			Supplier<? extends Session> session) {
		List<SessionFactory> existing = configuration.getCustomSessionFactories();
		List<SessionFactory> sessions = (existing != null) ? new ArrayList<>(existing) : new ArrayList<>();
		sessions.add(sessionFactory(type, session));
		configuration.setCustomSessionFactories(sessions);
	}

	/** A session factory that opens {@code session} for sessions of {@code type}. */
	public static SessionFactory sessionFactory(Class<?> type, Supplier<? extends Session> session) {
		return new SessionFactory() {

			@Override
			public Class<?> getSessionType() {
				return type;
			}

			@Override
			public Session openSession() {
				return session.get();
			}

		};
	}

	/**
	 * Calls {@code listener} within the engine's command when a run starts or ends
	 * ({@link ExecutionListener#EVENTNAME_START} or
	 * {@link ExecutionListener#EVENTNAME_END}), as a built-in listener of every deployed
	 * process, so no diagram needs to name it.
	 */
	public static void onRun(ProcessEngineConfigurationImpl configuration, String event,
			Consumer<ExecutionEntity> listener) {
		addParseListener(configuration, new AbstractBpmnParseListener() {
			@Override
			public void parseProcess(Element element, ProcessDefinitionEntity definition) {
				definition.addBuiltInListener(event, (ExecutionListener) (execution) -> {
					ExecutionEntity run = (ExecutionEntity) execution;
					if (run.isProcessInstanceExecution() && run.getSuperExecution() == null) {
						listener.accept(run);
					}
				});
			}
		});
	}

}
