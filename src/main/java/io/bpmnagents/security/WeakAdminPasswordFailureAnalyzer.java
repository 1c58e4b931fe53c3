package io.bpmnagents.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start that fails on a weak admin password ends with Spring Boot's short report
 * (description and action) instead of the stack trace: which setting, what the policy
 * requires, and how to fix it. Registered in {@code META-INF/spring.factories}.
 */
class WeakAdminPasswordFailureAnalyzer extends AbstractFailureAnalyzer<WeakAdminPasswordException> {

	/** The environment variable that sets the admin password by relaxed binding. */
	static final String VARIABLE = "CAMUNDA_BPM_ADMINUSER_PASSWORD";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WeakAdminPasswordException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set " + VARIABLE + " (or " + AdminPasswordGenerator.PASSWORD + ") to a password that " + cause.policy()
						+ " - or leave it unset: the first start then " + "generates one and prints it once.",
				cause);
	}

}
