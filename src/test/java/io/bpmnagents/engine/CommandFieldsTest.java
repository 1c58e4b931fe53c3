package io.bpmnagents.engine;

import java.util.Map;

import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.UnlockExternalTaskCmd;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A command's argument is read by the field's name, wherever in the command's classes it
 * is declared; a field a Camunda version no longer has is found missing when the reader
 * is made, not when a command passes.
 */
class CommandFieldsTest {

	private static final String WITHOUT = "the check could not be kept";

	@Test
	void readsTheFieldTheCommandDeclares() {
		CommandFields variables = CommandFields.named("variables", WITHOUT, CompleteTaskCmd.class);

		Map<String, Object> given = variables.of(new CompleteTaskCmd("task-1", Map.of("approved", true)));

		assertThat(given).containsEntry("approved", true);
	}

	@Test
	void readsAFieldAClassTheCommandExtendsDeclares() {
		AssignTaskCmd assign = new AssignTaskCmd("task-2", "ada");

		assertThat(CommandFields.named("taskId", WITHOUT, AssignTaskCmd.class).<String>of(assign)).isEqualTo("task-2");
		assertThat(CommandFields.named("userId", WITHOUT, AssignTaskCmd.class).<String>of(assign)).isEqualTo("ada");
	}

	@Test
	void readsTheFieldOfTheFirstNamedCommandTheCommandIsOne() {
		CommandFields taskId = CommandFields.named("taskId", WITHOUT, CompleteTaskCmd.class, SubmitTaskFormCmd.class,
				AssignTaskCmd.class);

		assertThat(taskId.<String>of(new ResolveTaskCmd("resolved", Map.of()))).isEqualTo("resolved");
		assertThat(taskId.<String>of(new SubmitTaskFormCmd("submitted", Map.of(), false, false)))
			.isEqualTo("submitted");
		assertThat(taskId.<String>of(new AssignTaskCmd("assigned", null))).isEqualTo("assigned");
	}

	@Test
	void aFieldThatIsGoneIsRefusedWhenTheReaderIsMadeNamingTheCommandTheFieldAndWhatIsLost() {
		assertThatIllegalStateException()
			.isThrownBy(
					() -> CommandFields.named("taskId", WITHOUT, CompleteTaskCmd.class, UnlockExternalTaskCmd.class))
			.withMessageContaining("UnlockExternalTaskCmd")
			.withMessageContaining("'taskId'")
			.withMessageContaining("a changed Camunda version?")
			.withMessageContaining(WITHOUT);
	}

	@Test
	void aCommandOfNoNamedClassIsNotRead() {
		CommandFields taskId = CommandFields.named("taskId", WITHOUT, CompleteTaskCmd.class);

		assertThatIllegalArgumentException().isThrownBy(() -> taskId.of(new AssignTaskCmd("task-3", "ada")))
			.withMessageContaining("AssignTaskCmd");
	}

}
