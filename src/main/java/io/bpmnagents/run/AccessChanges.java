package io.bpmnagents.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.bpmnagents.engine.EngineHooks;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.cmd.CreateMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.CreateTenantGroupMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.CreateTenantUserMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteAuthorizationCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteGroupCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteGroupIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTenantCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTenantGroupMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteTenantUserMembershipCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteUserIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.SaveAuthorizationCmd;
import org.camunda.bpm.engine.impl.cmd.SaveUserCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;

import org.springframework.stereotype.Component;

/**
 * Changes made on this node that may take from a person the right to see a run: a grant
 * saved or deleted (a revoke is a grant too), a membership of a group or tenant made or
 * ended, a user, group or tenant deleted, a user saved (locked, or their password
 * changed), a person taken off a task. Seen as the engine's commands, so every route
 * counts: {@code /engine-rest}, the Admin webapp, this API and the Java API. Once such a
 * change commits, the listeners are told ({@link RunEvents}: every open stream checks its
 * person again before it sends anything more). Other nodes' changes are not seen here;
 * their streams check again at {@code bpmn-agents.events.poll}. Every other command costs
 * one look at its class.
 */
@Component
class AccessChanges extends AbstractProcessEnginePlugin {

	/** The commands that may withdraw access; their subclasses too. */
	private static final List<Class<?>> WITHDRAWING = List.of(SaveAuthorizationCmd.class, DeleteAuthorizationCmd.class,
			CreateMembershipCmd.class, DeleteMembershipCmd.class, SaveUserCmd.class, DeleteUserCmd.class,
			DeleteGroupCmd.class, CreateTenantUserMembershipCmd.class, CreateTenantGroupMembershipCmd.class,
			DeleteTenantUserMembershipCmd.class, DeleteTenantGroupMembershipCmd.class, DeleteTenantCmd.class,
			DeleteUserIdentityLinkCmd.class, DeleteGroupIdentityLinkCmd.class);

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addCommandInterceptor(configuration, EngineHooks.Interceptor.INSIDE_CONTEXT,
				() -> new WithdrawalInterceptor(this));
	}

	/** Runs {@code listener} after each change on this node that may withdraw access. */
	void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	private void changed() {
		this.listeners.forEach(Runnable::run);
	}

	private static boolean mayWithdraw(Command<?> command) {
		return WITHDRAWING.stream().anyMatch((type) -> type.isInstance(command));
	}

	/**
	 * Tells the listeners once the command's transaction committed: a look made before
	 * would still see the access as it was.
	 */
	@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
	private static final class WithdrawalInterceptor extends CommandInterceptor {

		private final AccessChanges changes;

		@Override
		public <T> T execute(Command<T> command) {
			T result = this.next.execute(command);
			if (mayWithdraw(command)) {
				Context.getCommandContext()
					.getTransactionContext()
					.addTransactionListener(TransactionState.COMMITTED, (committed) -> this.changes.changed());
			}
			return result;
		}

	}

}
