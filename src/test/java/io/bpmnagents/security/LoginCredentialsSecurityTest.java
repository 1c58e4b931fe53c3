package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials are read once, by the code that checks them, and counted as read: no
 * spelling of HTTP Basic and no second copy of a login in the address slips past the
 * failed-login throttle. No request, on any route, brings an account closer to Camunda's
 * own lockout; failures are limited per address and per account instead, so guessing is
 * bounded while the owner's correct password keeps working where the owner logs in.
 * Passwords follow Camunda's password policy. Each test guesses from its own loopback
 * addresses (127.0.1.x) at people of its own.
 */
class LoginCredentialsSecurityTest extends EndToEndApiTest {

	private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

	@LocalServerPort
	int port;

	@Autowired
	IdentityService identity;

	@Autowired
	ProcessEngine engine;

	@Autowired
	RequestGuardsProperties limits;

	private static String address() {
		int n = NEXT_ADDRESS.getAndIncrement();
		return "127.0." + (1 + n / 250) + "." + (n % 250 + 1);
	}

	private RawHttp from(String address) {
		return new RawHttp(this.port, address);
	}

	private static String encoded(String user, String password) {
		return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private RawHttp.Response agents(String address, String authorization) throws Exception {
		return from(address).send("GET", "/api/agents", Map.of("Authorization", authorization), null);
	}

	private RawHttp.Response agents(String address, Person person, String password) throws Exception {
		return agents(address, "Basic " + encoded(person.id(), password));
	}

	private Person operator() {
		return this.people.inGroups(AccessGroups.OPERATORS);
	}

	private UserEntity stored(String id) {
		return (UserEntity) this.identity.createUserQuery().userId(id).singleResult();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Basic\t", "basic ", "BASIC ", "bAsIc " })
	void everySpellingOfBasicThatLogsInIsThrottled(String scheme) throws Exception {
		Person person = operator();
		String guesser = address();
		int allowed = this.limits.maxLoginFailures();
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < allowed + 3; i++) {
			statuses.add(agents(guesser, scheme + encoded(person.id(), "guess-" + i)).status());
		}

		RawHttp.Response owner = agents(address(), scheme + encoded(person.id(), People.PASSWORD));

		assertThat(statuses.subList(0, allowed)).containsOnly(401);
		assertThat(statuses.subList(allowed, allowed + 3)).containsOnly(429);
		assertThat(owner.status()).as("this spelling logs in").isEqualTo(200);
		assertThat(stored(person.id()).getAttempts()).isZero();
	}

	@Test
	void theWebappLoginReadsCredentialsFromTheFormBodyOnly() throws Exception {
		Person attacker = operator();
		Person victim = operator();
		RawHttp http = from(address());
		WebappSession session = WebappSession.start(http);
		String login = "/camunda/api/admin/auth/user/default/login/cockpit";
		Map<String, String> form = session.headers(Map.of("Content-Type", "application/x-www-form-urlencoded"));

		RawHttp.Response ownCredentialsInTheAddress = http.send("POST",
				login + "?username=" + attacker.id() + "&password=" + People.PASSWORD, form,
				utf8("username=" + victim.id() + "&password=guess"));
		RawHttp.Response onlyInTheAddress = http.send("POST",
				login + "?username=" + victim.id() + "&password=" + People.PASSWORD, form, utf8(""));
		RawHttp.Response twoUserNames = http.send("POST", login, form,
				utf8("username=" + attacker.id() + "&username=" + victim.id() + "&password=" + People.PASSWORD));
		RawHttp.Response twoPasswords = http.send("POST", login, form,
				utf8("username=" + victim.id() + "&password=guess&password=" + People.PASSWORD));
		RawHttp.Response json = http.send("POST", login, session.headers(Map.of("Content-Type", "application/json")),
				utf8("{\"username\":\"" + victim.id() + "\",\"password\":\"guess\"}"));
		RawHttp.Response encodedBody = http.send("POST", login, form,
				utf8("user%6Eame=" + victim.id() + "&pass%77ord=" + People.PASSWORD.replace("-", "%2D")));

		assertThat(List.of(ownCredentialsInTheAddress, onlyInTheAddress, twoUserNames, twoPasswords))
			.allSatisfy((response) -> assertThat(response.status()).isEqualTo(400));
		assertThat(ownCredentialsInTheAddress.body()).contains("form body only");
		assertThat(json.status()).isEqualTo(415);
		assertThat(encodedBody.status()).as("the form body, percent-encoded, is read as Camunda reads it")
			.isEqualTo(200);
		assertThat(encodedBody.body()).contains("\"userId\":\"" + victim.id() + "\"");
		assertThat(stored(victim.id()).getAttempts()).isZero();
	}

	@Test
	void noRequestOnAnyRouteCountsAgainstCamundasLockout() throws Exception {
		// An administrator: the Admin webapp, where people change their password, is
		// theirs.
		Person victim = this.people.inGroups(AccessGroups.OPERATORS, AccessGroups.ADMINISTRATORS);
		Person other = operator();
		String wrong = "Wrong-Guess-1";
		List<Integer> statuses = new ArrayList<>();
		// HTTP Basic.
		String basicGuesser = address();
		for (int i = 0; i < 3; i++) {
			statuses.add(agents(basicGuesser, victim, wrong).status());
		}
		// The webapps' login.
		RawHttp webappGuesser = from(address());
		WebappSession anonymous = WebappSession.start(webappGuesser);
		for (int i = 0; i < 3; i++) {
			statuses.add(anonymous.attempt(webappGuesser, victim.id(), wrong).login().status());
		}
		// Camunda's password check, over /engine-rest and in the webapps' engine API.
		byte[] verify = utf8("{\"username\":\"" + victim.id() + "\",\"password\":\"" + wrong + "\"}");
		RawHttp restGuesser = from(address());
		RawHttp webappApiGuesser = from(address());
		WebappSession otherSession = WebappSession.login(webappApiGuesser, other.id(), People.PASSWORD);
		for (int i = 0; i < 3; i++) {
			statuses.add(restGuesser
				.send("POST", "/engine-rest/identity/verify", Map.of("Authorization",
						"Basic " + encoded(other.id(), People.PASSWORD), "Content-Type", "application/json"), verify)
				.status());
			statuses.add(
					webappApiGuesser
						.send("POST", "/camunda/api/engine/engine/default/identity/verify",
								otherSession.headers(Map.of("Content-Type", "application/json")), verify)
						.status());
		}
		// The authenticated user's own password, asked for when changing a password.
		byte[] credentials = utf8("{\"password\":\"New-Secret-77\",\"authenticatedUserPassword\":\"" + wrong + "\"}");
		RawHttp restOwner = from(address());
		RawHttp webappOwner = from(address());
		WebappSession victimSession = WebappSession.login(webappOwner, victim.id(), People.PASSWORD);
		List<Integer> credentialStatuses = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			credentialStatuses.add(restOwner.send(
					"PUT", "/engine-rest/user/" + victim.id() + "/credentials", Map.of("Authorization",
							"Basic " + encoded(victim.id(), People.PASSWORD), "Content-Type", "application/json"),
					credentials)
				.status());
			credentialStatuses.add(
					webappOwner
						.send("PUT", "/camunda/api/engine/engine/default/user/" + victim.id() + "/credentials",
								victimSession.headers(Map.of("Content-Type", "application/json")), credentials)
						.status());
		}

		assertThat(statuses).doesNotContain(429, 500);
		assertThat(credentialStatuses).containsOnly(400);
		assertThat(stored(victim.id()).getAttempts()).isZero();
		assertThat(stored(victim.id()).getLockExpirationTime()).isNull();
		assertThat(agents(basicGuesser, victim, People.PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void guessingTheAuthenticatedUsersOwnPasswordIsThrottled() throws Exception {
		Person person = operator();
		RawHttp http = from(address());
		Map<String, String> headers = Map.of("Authorization", "Basic " + encoded(person.id(), People.PASSWORD),
				"Content-Type", "application/json");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < this.limits.maxLoginFailures() + 2; i++) {
			statuses.add(http
				.send("PUT", "/engine-rest/user/" + person.id() + "/credentials", headers,
						utf8("{\"password\":\"New-Secret-77\",\"authenticatedUserPassword\":\"guess-" + i + "\"}"))
				.status());
		}

		assertThat(statuses.subList(0, this.limits.maxLoginFailures())).containsOnly(400);
		assertThat(statuses.subList(this.limits.maxLoginFailures(), statuses.size())).containsOnly(429);
	}

	@Test
	void anAccountCamundaHasLockedStaysLockedUntilAnAdministratorUnlocksIt() throws Exception {
		Person person = operator();
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();
		configuration.getCommandExecutorTxRequired().execute((context) -> {
			context.getIdentityInfoManager()
				.updateUserLock(stored(person.id()), configuration.getLoginMaxAttempts(), null);
			return null;
		});
		String address = address();

		RawHttp.Response locked = agents(address, person, People.PASSWORD);
		RawHttp.Response lockedWebapp = WebappSession.start(from(address))
			.attempt(from(address), person.id(), People.PASSWORD)
			.login();
		this.identity.unlockUser(person.id());
		RawHttp.Response unlocked = agents(address, person, People.PASSWORD);

		assertThat(locked.status()).isEqualTo(401);
		assertThat(lockedWebapp.status()).isEqualTo(401);
		assertThat(unlocked.status()).isEqualTo(200);
	}

	@Test
	void manyAddressesTakingTurnsAtOneAccountAreStoppedWhileItsOwnerKeepsLoggingIn() throws Exception {
		Person person = operator();
		String home = address();
		assertThat(agents(home, person, People.PASSWORD).status()).isEqualTo(200);
		for (int i = 0; i < this.limits.maxAccountLoginFailures(); i++) {
			assertThat(agents(address(), person, "guess-" + i).status()).isEqualTo(401);
		}

		RawHttp.Response stranger = agents(address(), person, People.PASSWORD);
		RawHttp.Response owner = agents(home, person, People.PASSWORD);

		assertThat(stranger.status()).isEqualTo(429);
		assertThat(owner.status()).isEqualTo(200);
	}

	@Test
	void aStrangerBehindTheOwnersAddressCannotLockTheOwnerOut() throws Exception {
		Person owner = operator();
		Person newcomer = operator();
		String shared = address();
		assertThat(agents(shared, owner, People.PASSWORD).status()).isEqualTo(200);
		for (int i = 0; i < this.limits.maxLoginFailures(); i++) {
			assertThat(agents(shared, operator(), "guess-" + i).status()).isEqualTo(401);
		}

		RawHttp.Response ownerAgain = agents(shared, owner, People.PASSWORD);
		RawHttp.Response newcomerThere = agents(shared, newcomer, People.PASSWORD);

		assertThat(ownerAgain.status()).isEqualTo(200);
		assertThat(newcomerThere.status()).isEqualTo(429);
		assertThat(agents(address(), newcomer, People.PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void passwordsFollowCamundasPasswordPolicy() {
		String weak = "weak" + System.nanoTime();
		String strong = "strong" + System.nanoTime();

		ResponseEntity<JsonNode> refused = this.api.post("/engine-rest/user/create", user(weak, "password1"));
		ResponseEntity<JsonNode> created = this.api.post("/engine-rest/user/create", user(strong, "Long-Enough-42"));
		ResponseEntity<JsonNode> containsTheId = this.api.post("/engine-rest/user/create",
				user(weak, "X-" + weak + "-42"));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().path("message").asText()).containsIgnoringCase("password");
		assertThat(containsTheId.getStatusCode().value()).isEqualTo(400);
		assertThat(created.getStatusCode().value()).isEqualTo(204);
		assertThat(this.identity.createUserQuery().userId(weak).count()).isZero();
		assertThat(this.identity.createUserQuery().userId(strong).count()).isOne();
	}

	private static Map<String, Object> user(String id, String password) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("profile", Map.of("id", id, "firstName", "Pat", "lastName", "Policy"));
		body.put("credentials", Map.of("password", password));
		return body;
	}

}
