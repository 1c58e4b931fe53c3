package io.bpmnagents.security;

/**
 * The configured admin password breaks the password policy, found before the admin is
 * created with it ({@link AdminPasswordCheck}).
 */
class WeakAdminPasswordException extends IllegalStateException {

	private final String policy;

	/**
	 * @param broken what the password lacks, as {@link PasswordRules#sentence} says it
	 * @param policy what the whole policy asks, as {@link PasswordRules#sentence} says it
	 */
	WeakAdminPasswordException(String admin, String broken, String policy) {
		super("The Camunda admin user '" + admin + "' cannot be created: its password, set in "
				+ AdminPasswordGenerator.PASSWORD + " (environment variable "
				+ WeakAdminPasswordFailureAnalyzer.VARIABLE + "), does not match the password policy: it " + broken
				+ ".");
		this.policy = policy;
	}

	/** What the policy asks of a password, in plain words. */
	String policy() {
		return this.policy;
	}

}
