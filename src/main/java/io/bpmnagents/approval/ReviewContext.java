package io.bpmnagents.approval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.bpmnagents.process.Variable;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

import org.springframework.beans.factory.ObjectProvider;

/**
 * What a person judges besides the task and the result: the answers the run's agents gave
 * on the way to it, in the order they came (a debate's openings and rounds, a
 * conversation's turns, a pipeline's stages), put on each approval task when it is
 * created as the task-local variable {@value #NAME}, which the Tasklist form shows one
 * collapsible answer at a time. Read from the transcript, where every answer was recorded
 * before its task completed.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class ReviewContext {

	/** The task-local variable holding the answers, a list of {agent, step, answer}. */
	static final String NAME = "answers";

	/** The most answers shown, the latest ones; the transcript holds them all. */
	static final int MAX_ANSWERS = 30;

	/** The longest answer shown whole; the rest is in the transcript. */
	static final int MAX_ANSWER = 20_000;

	private final ObjectProvider<TranscriptStore> transcript;

	/** A task listener on create: sets {@value #NAME} on the task. */
	void show(DelegateTask task) {
		String run = ((ExecutionEntity) task.getExecution()).getRootProcessInstanceId();
		ProcessEngineServices engine = task.getProcessEngineServices();
		Map<String, String> definitions = new HashMap<>();
		Function<TranscriptEntry, String> step = (call) -> stepName(engine, definitions, call);
		task.setVariableLocal(NAME,
				Variable.records(NAME).typed(answers(this.transcript.getObject().forRun(run), step)));
	}

	/**
	 * The name the diagram gives the call's activity ("Judge weighs the debate"), or its
	 * id where the model or its history is gone.
	 */
	private static String stepName(ProcessEngineServices engine, Map<String, String> definitions,
			TranscriptEntry call) {
		try {
			String definition = definitions.computeIfAbsent(call.processInstanceId(), (instance) -> {
				HistoricProcessInstance historic = engine.getHistoryService()
					.createHistoricProcessInstanceQuery()
					.processInstanceId(instance)
					.singleResult();
				return (historic != null) ? historic.getProcessDefinitionId() : "";
			});
			if (definition.isEmpty()) {
				return call.activityId();
			}
			ModelElementInstance element = engine.getRepositoryService()
				.getBpmnModelInstance(definition)
				.getModelElementById(call.activityId());
			String name = (element instanceof FlowElement flow) ? flow.getName() : null;
			return (name != null && !name.isBlank()) ? name : call.activityId();
		}
		catch (RuntimeException ex) {
			return call.activityId();
		}
	}

	static List<Map<String, Object>> answers(List<TranscriptEntry> calls) {
		return answers(calls, TranscriptEntry::activityId);
	}

	static List<Map<String, Object>> answers(List<TranscriptEntry> calls, Function<TranscriptEntry, String> step) {
		List<Map<String, Object>> answers = new ArrayList<>();
		for (TranscriptEntry call : calls) {
			if (call.response() == null || call.response().isBlank()) {
				continue;
			}
			String text = call.response();
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("agent", call.agent());
			answer.put("step", step.apply(call));
			answer.put("answer", (text.length() <= MAX_ANSWER) ? text : text.substring(0, MAX_ANSWER) + "\n… ("
					+ (text.length() - MAX_ANSWER) + " more characters in the run's transcript)");
			answers.add(answer);
		}
		return answers.subList(Math.max(0, answers.size() - MAX_ANSWERS), answers.size());
	}

}
