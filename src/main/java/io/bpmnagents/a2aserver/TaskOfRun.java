package io.bpmnagents.a2aserver;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.a2a.spec.Artifact;
import io.a2a.spec.DataPart;
import io.a2a.spec.Message;
import io.a2a.spec.Task;
import io.a2a.spec.TaskState;
import io.a2a.spec.TaskStatus;
import io.a2a.spec.TextPart;
import io.bpmnagents.run.RunOperations;
import io.bpmnagents.run.RunView;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A run as an A2A task: the task's id and context are the run's id; RUNNING is
 * {@code working}, or {@code input-required} while it waits for a person (who is asked,
 * since when, in the status message); COMPLETED is {@code completed} with the outputs as
 * the artifact {@code outputs} (a data part); FAILED and TIMED_OUT are {@code failed},
 * STOPPED is {@code canceled}, with what ended the run as the status message. The
 * metadata carries the process, the business key, the run's status and usage.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class TaskOfRun {

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	private final ObjectMapper json;

	private final RunOperations runs;

	Task of(RunView run) {
		TaskState state = state(run);
		String said = said(run, state);
		Message message = (said != null) ? new Message.Builder().role(Message.Role.AGENT)
			.parts(new TextPart(said))
			.messageId(run.id() + "/" + state.asString())
			.taskId(run.id())
			.contextId(run.id())
			.build() : null;
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("process", run.process());
		metadata.put("businessKey", run.businessKey());
		metadata.put("status", run.status().name());
		if (run.usage() != null) {
			metadata.put("usage", this.json.convertValue(run.usage(), Object.class));
		}
		Task.Builder task = new Task.Builder().id(run.id())
			.contextId(run.id())
			.status(new TaskStatus(state, message, OffsetDateTime.now(ZoneOffset.UTC)))
			.metadata(metadata);
		if (state == TaskState.COMPLETED) {
			Map<String, Object> outputs = this.json.convertValue((run.output() != null) ? run.output() : Map.of(),
					OBJECT);
			task.artifacts(List.of(new Artifact.Builder().artifactId("outputs")
				.name("outputs")
				.description("The run's outputs")
				.parts(new DataPart(outputs))
				.build()));
		}
		return task.build();
	}

	private static TaskState state(RunView run) {
		return switch (run.status()) {
			case RUNNING -> run.userTasks().isEmpty() ? TaskState.WORKING : TaskState.INPUT_REQUIRED;
			case COMPLETED -> TaskState.COMPLETED;
			case FAILED, TIMED_OUT -> TaskState.FAILED;
			case STOPPED -> TaskState.CANCELED;
		};
	}

	/** What the status message says: who the run waits for, or what ended it. */
	private String said(RunView run, TaskState state) {
		if (state == TaskState.INPUT_REQUIRED) {
			return "Waiting for a person: "
					+ this.runs.waitingFor(run)
						.stream()
						.map((waiting) -> "'" + waiting.task() + "' for "
								+ ((waiting.assignee() != null) ? waiting.assignee()
										: String.join(", ", concat(waiting.users(), waiting.groups())))
								+ " since " + waiting.since())
						.collect(Collectors.joining("; "))
					+ ". It is decided in Tasklist or with POST /api/runs/" + run.id() + "/approval.";
		}
		if (state == TaskState.WORKING && !run.incidents().isEmpty()) {
			RunView.IncidentView incident = run.incidents().get(0);
			return "Stuck at '" + incident.activityId() + "': " + incident.message();
		}
		if (state == TaskState.FAILED || state == TaskState.CANCELED) {
			return "Run " + run.status().name() + ((run.endMessage() != null) ? ": " + run.endMessage() : "");
		}
		return null;
	}

	private static List<String> concat(List<String> users, List<String> groups) {
		return java.util.stream.Stream.concat(users.stream(), groups.stream()).toList();
	}

}
