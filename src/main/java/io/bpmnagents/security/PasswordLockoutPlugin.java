package io.bpmnagents.security;

import io.bpmnagents.engine.EngineHooks;
import jakarta.servlet.http.HttpServletRequest;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Takes Camunda's per-user lockout out of reach of every request, whatever the route: the
 * engine's password check ({@code IdentityService.checkPassword}, which the webapps'
 * login, {@code …/identity/verify} and {@code PUT …/user/{id}/credentials} call) never
 * counts a wrong password against the account. Otherwise ten wrong passwords from anyone
 * would lock any account, the administrator's included, for good. Failures are limited
 * per client and account instead ({@link LoginThrottle}): a check made for a request that
 * the login filter has not already throttled for this user goes through the throttle
 * here, and over its allowance the password is not checked (the answer is that of a wrong
 * one). An account already locked (an earlier version counted, or an operator set the
 * count) stays locked until an administrator unlocks it.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class PasswordLockoutPlugin extends AbstractProcessEnginePlugin {

	/** Request attribute: the user whose password the throttle has already passed. */
	static final String THROTTLED_USER = PasswordLockoutPlugin.class.getName() + ".throttledUser";

	private final LoginThrottle throttle;

	private final VerifiedLogins verified;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setIdentityProviderSessionFactory(EngineHooks.sessionFactory(UncountedIdentityProvider.class,
				() -> new UncountedIdentityProvider(this.throttle, this.verified)));
	}

	/**
	 * Camunda's database identity provider, without the failed-attempt count; every
	 * change to who logs in or in which groups, whatever the route (Admin webapp,
	 * {@code /engine-rest}, the Java API), also forgets the logins verified a moment ago
	 * ({@link VerifiedLogins}).
	 */
	@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
	static final class UncountedIdentityProvider extends DbIdentityServiceProvider {

		private final LoginThrottle throttle;

		private final VerifiedLogins verified;

		@Override
		public IdentityOperationResult saveUser(User user) {
			return forgettingLogins(super.saveUser(user));
		}

		@Override
		public IdentityOperationResult deleteUser(String userId) {
			return forgettingLogins(super.deleteUser(userId));
		}

		@Override
		public IdentityOperationResult deleteGroup(String groupId) {
			return forgettingLogins(super.deleteGroup(groupId));
		}

		@Override
		public IdentityOperationResult createMembership(String userId, String groupId) {
			return forgettingLogins(super.createMembership(userId, groupId));
		}

		@Override
		public IdentityOperationResult deleteMembership(String userId, String groupId) {
			return forgettingLogins(super.deleteMembership(userId, groupId));
		}

		/**
		 * Forgets now, and again once the change commits: a login checked in between read
		 * what was there before.
		 */
		private IdentityOperationResult forgettingLogins(IdentityOperationResult result) {
			this.verified.forget();
			Context.getCommandContext()
				.getTransactionContext()
				.addTransactionListener(TransactionState.COMMITTED, (committed) -> this.verified.forget());
			return result;
		}

		@Override
		public boolean checkPassword(String userId, String password) {
			HttpServletRequest request = currentRequest();
			if (request == null || (userId != null && userId.equals(request.getAttribute(THROTTLED_USER)))) {
				return super.checkPassword(userId, password);
			}
			return this.throttle.check(request.getRemoteAddr(), userId, () -> super.checkPassword(userId, password))
				.passed();
		}

		@Override
		protected void lockUser(UserEntity user) {
			// Never counted: see the class comment of PasswordLockoutPlugin.
		}

		private static HttpServletRequest currentRequest() {
			return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
					? attributes.getRequest() : null;
		}

	}

}
