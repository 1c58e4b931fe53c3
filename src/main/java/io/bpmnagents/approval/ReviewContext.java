package io.bpmnagents.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.process.Variable;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

import org.springframework.beans.factory.ObjectProvider;

/**
 * What a person judges besides the task and the result: the answers the run's agents gave
 * on the way to it, in the order they came (a debate's openings and rounds, a
 * conversation's turns, a pipeline's stages), put on each approval task when it is
 * created as the task-local variable {@value #NAME}, which the Tasklist form shows one
 * collapsible answer at a time. Read from the transcript, where every answer was recorded
 * before its task completed.
 */
final class ReviewContext {

	/** The task-local variable holding the answers, a list of {agent, step, answer}. */
	static final String NAME = "answers";

	/** The most answers shown, the latest ones; the transcript holds them all. */
	static final int MAX_ANSWERS = 30;

	/** The longest answer shown whole; the rest is in the transcript. */
	static final int MAX_ANSWER = 20_000;

	private final ObjectProvider<TranscriptStore> transcript;

	ReviewContext(ObjectProvider<TranscriptStore> transcript) {
		this.transcript = transcript;
	}

	/** A task listener on create: sets {@value #NAME} on the task. */
	void show(DelegateTask task) {
		String run = ((ExecutionEntity) task.getExecution()).getRootProcessInstanceId();
		task.setVariableLocal(NAME, Variable.records(NAME).typed(answers(this.transcript.getObject().forRun(run))));
	}

	static List<Map<String, Object>> answers(List<TranscriptEntry> calls) {
		List<Map<String, Object>> answers = new ArrayList<>();
		for (TranscriptEntry call : calls) {
			if (call.response() == null || call.response().isBlank()) {
				continue;
			}
			String text = call.response();
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("agent", call.agent());
			answer.put("step", call.activityId());
			answer.put("answer", (text.length() <= MAX_ANSWER) ? text : text.substring(0, MAX_ANSWER) + "\n… ("
					+ (text.length() - MAX_ANSWER) + " more characters in the run's transcript)");
			answers.add(answer);
		}
		return answers.subList(Math.max(0, answers.size() - MAX_ANSWERS), answers.size());
	}

}
