package io.bpmnagents.security;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.PasswordPolicy;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.spring.boot.starter.property.AdminUserProperty;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Checks the configured admin password against the engine's password policy before
 * Camunda's starter creates the admin with it: the starter's own attempt fails deep in
 * the engine ("Password does not match policy", logged twice with long stack traces),
 * while this check fails the start with {@link WeakAdminPasswordException}, which
 * {@link WeakAdminPasswordFailureAnalyzer} turns into one report that names the setting,
 * the rules it breaks and the fix. First among the plugins, so it runs before the
 * starter's (unordered) {@code CreateAdminUserConfiguration}; an admin that exists
 * already is left alone, as the starter leaves it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AdminPasswordCheck extends AbstractProcessEnginePlugin {

	private final CamundaBpmProperties camunda;

	private PasswordPolicy policy;

	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		// null when enable-password-policy is off: then any password is taken
		this.policy = configuration.isEnablePasswordPolicy() ? configuration.getPasswordPolicy() : null;
	}

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		AdminUserProperty admin = this.camunda.getAdminUser();
		if (this.policy == null || admin == null || admin.getId() == null || admin.getId().isBlank()
				|| admin.getPassword() == null) {
			return;
		}
		admin.init();
		IdentityService identity = engine.getIdentityService();
		if (identity.createUserQuery().userId(admin.getId()).count() > 0) {
			return;
		}
		PasswordPolicyResult result = identity.checkPasswordAgainstPolicy(this.policy, admin.getPassword(), admin);
		if (!result.isValid()) {
			throw new WeakAdminPasswordException(admin.getId(), PasswordRules.sentence(result.getViolatedRules()),
					PasswordRules.sentence(this.policy.getRules()));
		}
	}

}
