package io.bpmnagents.security;

import java.util.Date;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;

/**
 * Checks a Camunda user's password without touching the user's failed-attempt count.
 * {@link IdentityService#checkPassword} counts each wrong password against the user and
 * locks the account for a growing time, and for good after ten; anyone who can reach the
 * login could so lock the administrator out. Failures are limited per client address
 * instead ({@link LoginThrottle}). A user Camunda has locked stays locked.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CamundaPasswords {

	private final IdentityService identity;

	private final ProcessEngineConfigurationImpl configuration;

	boolean matches(String userId, String password) {
		if (userId == null || userId.isEmpty() || password == null) {
			return false;
		}
		User user = this.identity.createUserQuery().userId(userId).singleResult();
		if (!(user instanceof UserEntity entity) || entity.getPassword() == null || locked(entity)) {
			return false;
		}
		String salted = EncryptionUtil.saltPassword(password, entity.getSalt());
		return this.configuration.getPasswordManager().check(salted, entity.getPassword());
	}

	private boolean locked(UserEntity user) {
		Date until = user.getLockExpirationTime();
		return (until != null && until.after(new Date()))
				|| user.getAttempts() >= this.configuration.getLoginMaxAttempts();
	}

}
