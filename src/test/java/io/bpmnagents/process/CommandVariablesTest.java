package io.bpmnagents.process;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.ConditionEvaluationBuilderImpl;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.camunda.bpm.engine.impl.ProcessInstanceModificationBuilderImpl;
import org.camunda.bpm.engine.impl.SignalEventReceivedBuilderImpl;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateAllMessageCmd;
import org.camunda.bpm.engine.impl.cmd.EvaluateStartConditionCmd;
import org.camunda.bpm.engine.impl.cmd.GetExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The variables an engine command carries are found in the command, its builder and its
 * instructions, for commands the end-to-end tests do not send; what only reads or selects
 * is not counted.
 */
class CommandVariablesTest {

	/** Builders want an executor; these commands are read, never run. */
	private static final CommandExecutor NOTHING = new CommandExecutor() {
		@Override
		public <T> T execute(Command<T> command) {
			throw new UnsupportedOperationException();
		}
	};

	@Test
	void findsTheVariablesOfCommandsWhereverTheyKeepThem() {
		ProcessInstanceModificationBuilderImpl modification = new ProcessInstanceModificationBuilderImpl("pi");
		modification.startBeforeActivity("Task").setVariableLocal("toolLoopKey", "x");
		MessageCorrelationBuilderImpl messages = new MessageCorrelationBuilderImpl(NOTHING, "Wake");
		messages.setVariableToTriggeredScope("endCode", "X");
		SignalEventReceivedBuilderImpl signal = new SignalEventReceivedBuilderImpl(NOTHING, "Go");
		signal.setVariables(Map.of("turns", 1));
		ConditionEvaluationBuilderImpl condition = new ConditionEvaluationBuilderImpl(NOTHING);
		condition.setVariable("toolResults", Map.of());

		assertThat(CommandVariables.of(new ModifyProcessInstanceCmd(modification))).containsKey("toolLoopKey");
		assertThat(CommandVariables.of(new CorrelateAllMessageCmd(messages, false, false))).containsKey("endCode");
		assertThat(CommandVariables.of(new SignalEventReceivedCmd(signal))).containsKey("turns");
		assertThat(CommandVariables.of(new EvaluateStartConditionCmd(condition))).containsKey("toolResults");
		assertThat(CommandVariables.of(new CompleteExternalTaskCmd("t", "w", Map.of("a", 1), Map.of("speaker", "x"))))
			.containsKeys("a", "speaker");
		assertThat(CommandVariables.of(new HandleTaskEscalationCmd("t", "E", Map.of("decidedBy", "me"))))
			.containsKey("decidedBy");
		assertThat(CommandVariables
			.of(new SetVariablesToProcessInstancesBatchCmd(List.of("pi"), null, null, Map.of("toolsRequested", true))))
			.containsKey("toolsRequested");
		assertThat(CommandVariables.of(new RemoveTaskVariablesCmd("t", List.of("toolLoopKey"), false)))
			.containsKey("toolLoopKey");
	}

	@Test
	void readsAndSelectionsAreNotCounted() {
		MessageCorrelationBuilderImpl messages = new MessageCorrelationBuilderImpl(NOTHING, "Wake");
		messages.processInstanceVariableEquals("toolLoopKey", "x");

		assertThat(CommandVariables.of(new CorrelateAllMessageCmd(messages, false, false))).isEmpty();
		assertThat(CommandVariables.of(new GetExecutionVariablesCmd("e", List.of("toolLoopKey"), false, false)))
			.isEmpty();
		assertThat(CommandVariables.of(new TaskQueryImpl())).isEmpty();
	}

}
