package io.bpmnagents.security;

import java.util.Map;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP Basic logins verified a moment ago are taken without checking them again
 * ({@link VerifiedLogins}), and governance does not wait for them to time out: a changed
 * password, a removed membership or a deleted user takes effect with the next request.
 */
class VerifiedLoginsSecurityTest extends EndToEndApiTest {

	private static final String NEW_PASSWORD = "Another-Horse-8";

	@Autowired
	IdentityService identity;

	@Test
	void givenAPersonWhoLoggedInWhenTheirPasswordIsChangedThenTheOldOneIsRefusedAtOnce() {
		Person person = this.people.inGroups(AccessGroups.OPERATORS);
		assertThat(status(person.http())).isEqualTo(200);

		User user = this.identity.createUserQuery().userId(person.id()).singleResult();
		user.setPassword(NEW_PASSWORD);
		this.identity.saveUser(user);

		assertThat(status(person.http())).isEqualTo(401);
		assertThat(status(this.people.loggedIn(person.id(), NEW_PASSWORD))).isEqualTo(200);
	}

	@Test
	void givenAPersonWhoLoggedInWhenAnAdministratorChangesTheirPasswordOverTheEngineApiThenTheOldOneIsRefusedThereAtOnce() {
		Person person = this.people.inGroups(AccessGroups.OPERATORS);
		assertThat(engineStatus(person.http())).isEqualTo(200);

		// What the Admin webapp sends: the new password and the administrator's own.
		this.api.http()
			.put()
			.uri("/engine-rest/user/{id}/credentials", person.id())
			.body(Map.of("password", NEW_PASSWORD, "authenticatedUserPassword", ApiClient.PASSWORD))
			.retrieve()
			.toBodilessEntity();

		assertThat(engineStatus(person.http())).isEqualTo(401);
		assertThat(engineStatus(this.people.loggedIn(person.id(), NEW_PASSWORD))).isEqualTo(200);
	}

	@Test
	void givenAnOperatorWhoLoggedInWhenRemovedFromTheGroupThenTheirNextRequestHasNoOperatorsGrant() {
		Person person = this.people.inGroups(AccessGroups.OPERATORS);
		assertThat(status(person.http())).isEqualTo(200);

		this.identity.deleteMembership(person.id(), AccessGroups.OPERATORS);

		assertThat(status(person.http())).isEqualTo(403);
	}

	@Test
	void givenAPersonWhoLoggedInWhenDeletedThenTheirNextRequestIsRefused() {
		Person person = this.people.inGroups(AccessGroups.OPERATORS);
		assertThat(status(person.http())).isEqualTo(200);

		this.identity.deleteUser(person.id());

		assertThat(status(person.http())).isEqualTo(401);
	}

	@Test
	void givenAPersonWhoLoggedInThenAWrongPasswordForThemIsStillRefused() {
		Person person = this.people.inGroups(AccessGroups.OPERATORS);
		assertThat(status(person.http())).isEqualTo(200);

		assertThat(status(this.people.loggedIn(person.id(), People.PASSWORD + "x"))).isEqualTo(401);
		assertThat(status(person.http())).isEqualTo(200);
	}

	/** What the engine's REST API answers this client for its own profile. */
	private static int engineStatus(RestClient client) {
		return client.get().uri("/engine-rest/task?maxResults=1").retrieve().toBodilessEntity().getStatusCode().value();
	}

	/** What an operators-only endpoint answers this client. */
	private static int status(RestClient client) {
		return client.get().uri("/actuator/metrics").retrieve().toBodilessEntity().getStatusCode().value();
	}

}
