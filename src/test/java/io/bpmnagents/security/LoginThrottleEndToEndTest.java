package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stranger guessing passwords is stopped by address, before any password check, and
 * cannot lock the account out. Each test guesses at its own person from its own loopback
 * address (127.0.0.x), standing for a different client.
 */
class LoginThrottleEndToEndTest extends EndToEndApiTest {

	@LocalServerPort
	int port;

	@Autowired
	IdentityService identity;

	@Autowired
	RequestGuardsProperties limits;

	@Autowired
	CamundaPasswords passwords;

	private static String basic(String user, String password) {
		return RawHttp.basic(user, password);
	}

	private RawHttp.Response getAgents(String address, Person person, String password) throws Exception {
		return new RawHttp(this.port, address).send("GET", "/api/agents",
				Map.of("Authorization", basic(person.id(), password)), null);
	}

	private int failedAttempts(String user) {
		return ((UserEntity) this.identity.createUserQuery().userId(user).singleResult()).getAttempts();
	}

	private Person operator() {
		return this.people.inGroups(AccessGroups.OPERATORS);
	}

	@Test
	void twentyWrongPasswordsFromOneClientLeaveThePersonFreeToLogInFromAnother() throws Exception {
		Person person = operator();
		List<Integer> statuses = new ArrayList<>();
		RawHttp.Response last = null;
		for (int i = 0; i < 20; i++) {
			last = getAgents("127.0.0.2", person, "guess-" + i);
			statuses.add(last.status());
		}

		RawHttp.Response owner = getAgents("127.0.0.3", person, People.PASSWORD);

		int allowed = this.limits.maxLoginFailures();
		assertThat(statuses.subList(0, allowed)).containsOnly(401);
		assertThat(statuses.subList(allowed, 20)).containsOnly(429);
		assertThat(Integer.parseInt(last.header("Retry-After"))).isPositive();
		assertThat(last.header("Content-Type")).startsWith("application/problem+json");
		assertThat(owner.status()).isEqualTo(200);
		assertThat(failedAttempts(person.id())).isZero();
	}

	@Test
	void guessesSentAllAtOnceGetNoMoreThanTheAllowance() throws Exception {
		Person person = operator();
		int guesses = 30;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(guesses);
		List<Future<Integer>> statuses = new ArrayList<>();
		try {
			for (int i = 0; i < guesses; i++) {
				String guess = "burst-" + i;
				statuses.add(pool.submit(() -> {
					start.await();
					return getAgents("127.0.0.9", person, guess).status();
				}));
			}
			start.countDown();
			List<Integer> answers = new ArrayList<>();
			for (Future<Integer> status : statuses) {
				answers.add(status.get(60, TimeUnit.SECONDS));
			}

			assertThat(answers).filteredOn((status) -> status == 401).hasSize(this.limits.maxLoginFailures());
			assertThat(answers).filteredOn((status) -> status == 429).hasSize(guesses - this.limits.maxLoginFailures());
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void overTheLimitEvenTheRightPasswordIsNotChecked() throws Exception {
		Person person = operator();
		for (int i = 0; i < this.limits.maxLoginFailures(); i++) {
			assertThat(getAgents("127.0.0.4", person, "guess-" + i).status()).isEqualTo(401);
		}

		RawHttp.Response right = getAgents("127.0.0.4", person, People.PASSWORD);

		assertThat(right.status()).isEqualTo(429);
		assertThat(right.header("Retry-After")).isNotBlank();
	}

	@Test
	void aLoginRememberedAMomentAgoIsThrottledLikeAnyOtherOverTheLimit() throws Exception {
		Person person = operator();
		assertThat(getAgents("127.0.0.6", person, People.PASSWORD).status()).isEqualTo(200);
		for (int i = 0; i < this.limits.maxLoginFailures(); i++) {
			assertThat(getAgents("127.0.0.6", person, "guess-" + i).status()).isEqualTo(401);
		}

		RawHttp.Response remembered = getAgents("127.0.0.6", person, People.PASSWORD);

		assertThat(remembered.status()).isEqualTo(429);
	}

	@Test
	void wrongPasswordsInTheWebappLoginCountToo() throws Exception {
		Person person = operator();
		RawHttp stranger = new RawHttp(this.port, "127.0.0.5");
		WebappSession session = WebappSession.start(stranger);
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			statuses.add(session.attempt(stranger, person.id(), "guess-" + i).login().status());
		}
		RawHttp.Response rightPasswordFromStranger = session.attempt(stranger, person.id(), People.PASSWORD).login();

		WebappSession owner = WebappSession.login(new RawHttp(this.port, "127.0.0.6"), person.id(), People.PASSWORD);

		int allowed = this.limits.maxLoginFailures();
		assertThat(statuses.subList(0, allowed)).containsOnly(401);
		assertThat(statuses.subList(allowed, 20)).containsOnly(429);
		assertThat(rightPasswordFromStranger.status()).isEqualTo(429);
		assertThat(owner.login().body()).contains("\"userId\":\"" + person.id() + "\"");
		assertThat(failedAttempts(person.id())).isZero();
	}

	@Test
	void camundasPasswordCheckEndpointIsThrottledAndLocksNoOneOut() throws Exception {
		Person person = operator();
		RawHttp caller = new RawHttp(this.port, "127.0.0.7");
		List<Integer> statuses = new ArrayList<>();
		List<String> answers = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			RawHttp.Response response = verify(caller, person, "guess-" + i);
			statuses.add(response.status());
			answers.add(response.body());
		}

		RawHttp.Response right = verify(new RawHttp(this.port, "127.0.0.8"), person, People.PASSWORD);

		int allowed = this.limits.maxLoginFailures();
		assertThat(statuses.subList(0, allowed)).containsOnly(200);
		assertThat(answers.subList(0, allowed))
			.allSatisfy((body) -> assertThat(body).contains("\"authenticated\":false"));
		assertThat(statuses.subList(allowed, 20)).containsOnly(429);
		assertThat(right.body()).contains("\"authenticated\":true");
		assertThat(failedAttempts(person.id())).isZero();
	}

	private RawHttp.Response verify(RawHttp http, Person person, String password) throws Exception {
		return http.send("POST", "/engine-rest/identity/verify",
				Map.of("Authorization", basic(ApiClient.USER, ApiClient.PASSWORD), "Content-Type", "application/json"),
				("{\"username\":\"" + person.id() + "\",\"password\":\"" + password + "\"}")
					.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void theStartUpPasswordCheckNeverCountsAsAFailedLogin() {
		AdminPasswordAnnouncer announcer = new AdminPasswordAnnouncer(this.passwords, ApiClient.USER,
				"a-newly-generated-password", true);

		for (int i = 0; i < 12; i++) {
			announcer.announce();
		}

		assertThat(failedAttempts(ApiClient.USER)).isZero();
		assertThat(this.identity.checkPassword(ApiClient.USER, ApiClient.PASSWORD)).isTrue();
	}

}
