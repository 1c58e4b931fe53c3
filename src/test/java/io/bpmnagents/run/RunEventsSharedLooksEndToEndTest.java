package io.bpmnagents.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.EventStreams;
import io.bpmnagents.support.EventStreams.Followed;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.StatementCounts;
import io.bpmnagents.support.WaitingApproval;
import io.bpmnagents.transcript.TranscriptWatchers;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.variable.Variables.createVariables;

/**
 * The event streams of a run share one look at it per change: twenty streams on a run
 * cost the database the same statements as one when the run changes, and each of them is
 * still sent every event in order; a person who may not see the run is refused a stream
 * however many others follow it. The runs wait for a person, so the streams are open and
 * have been sent what happened before the changes counted; a person whose grant or
 * membership is withdrawn on this node is sent nothing more. The poll is set longer than
 * a test takes, so only the changes wake the streams and only the withdrawal ends one.
 */
@Import({ StatementCounts.class, EventStreams.class })
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:events-shared;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=eventsShared", "bpmn-agents.events.max-per-user=20",
		"bpmn-agents.events.heartbeat=60s", "bpmn-agents.events.poll=60s" })
class RunEventsSharedLooksEndToEndTest extends EndToEndApiTest {

	private static final String CALLS_AFTER_A_PERSON = "events-calls-after-a-person";

	@Autowired
	StatementCounts statements;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	EventStreams streams;

	@Autowired
	TranscriptWatchers watchers;

	@Autowired
	RunEvents events;

	@Test
	void givenOneOrTwentyStreamsOnARunWhenTheRunEndsThenTheStreamsMakeTheSameStatements() throws Exception {
		List<String> one = statementsAsTheRunEnds(1);
		List<String> twenty = statementsAsTheRunEnds(20);

		System.out.println("STATEMENTS of the event streams as a run ends = " + one.size());
		one.forEach((sql) -> System.out.println("   " + sql.replaceAll("\\s+", " ")));
		assertThat(one).isNotEmpty();
		assertThat(twenty).containsExactlyElementsOf(one);
	}

	@ParameterizedTest(name = "{0} streams")
	@ValueSource(ints = { 1, 20 })
	void givenStreamsOnARunWhenItsCallsStartAndEndThenTheyLookOnceAtMostPerChange(int count) throws Exception {
		String id = aRunWaitingAfterItsFirstCall();
		List<Followed> followed = follow(id, count);
		this.statements.ofEventStreams();

		this.tasks.complete(this.tasks.createTaskQuery().processInstanceId(id).singleResult().getId());

		List<List<String>> seen = new ArrayList<>();
		for (Followed stream : followed) {
			seen.add(stream.ended().get(30, TimeUnit.SECONDS));
		}
		List<String> calls = this.api.transcript(id).stream().map((call) -> call.path("id").asText()).toList();
		assertThat(calls).hasSize(2);
		assertThat(seen)
			.allSatisfy((events) -> assertThat(events).containsExactly("call-started " + calls.get(0) + ":start",
					"call-ended " + calls.get(0) + ":end", "call-started " + calls.get(1) + ":start",
					"call-ended " + calls.get(1) + ":end", "run-ended"));
		// The second call starting and ending, and the run ending: three changes, each
		// looked at once at most (wakes that come during a look share the next), each
		// look reading the run's row; and the ended run's view, read once for all.
		List<String> looks = this.statements.ofEventStreams()
			.stream()
			.filter((sql) -> sql.contains("ACT_HI_PROCINST"))
			.toList();
		assertThat(looks).isNotEmpty().hasSizeLessThanOrEqualTo(4);
	}

	@Test
	void givenTwentyStreamsOnARunWhenAPersonWhoMayNotSeeItAsksThenTheyAreRefusedAndTheOthersGoOnUntilTheRunAndItsFeedEnd()
			throws Exception {
		WaitingApproval run = WaitingApproval.start(this.api, this.runtime, this.tasks);
		List<Followed> followed = follow(run.id(), 20);

		Followed stranger = this.streams.follow(this.people.inGroups().id(), People.PASSWORD, run.id());
		approve(run);

		assertThat(stranger.status()).isEqualTo(404);
		assertThat(stranger.ended().get()).isEmpty();
		for (Followed stream : followed) {
			assertThat(stream.ended().get(30, TimeUnit.SECONDS)).hasSize(3).last().isEqualTo("run-ended");
		}
		// The run's last stream gone, its feed is too: nothing watches the run, and the
		// person's allowance of streams is whole again.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.watchers.watched(run.id()) && this.events.openBy(ApiClient.USER) == 0);
	}

	@Test
	void givenTwoPeopleFollowingARunWhenOnesGrantIsWithdrawnOverEngineRestThenTheyAreSentNothingMoreAndTheOtherEverything()
			throws Exception {
		String id = aRunWaitingAfterItsFirstCall();
		Person carol = this.people.inGroups();
		String grant = this.people.grant(carol, Resources.PROCESS_DEFINITION, CALLS_AFTER_A_PERSON,
				ProcessDefinitionPermissions.READ_HISTORY);

		assertSentNothingAfter(id, carol,
				() -> this.api.http().delete().uri("/engine-rest/authorization/{id}", grant).retrieve());
	}

	@Test
	void givenTwoPeopleFollowingARunWhenOneLeavesTheOperatorsOverEngineRestThenTheyAreSentNothingMoreAndTheOtherEverything()
			throws Exception {
		String id = aRunWaitingAfterItsFirstCall();
		Person bob = this.people.inGroups(AccessGroups.OPERATORS);

		assertSentNothingAfter(id, bob,
				() -> this.api.http()
					.delete()
					.uri("/engine-rest/group/{group}/members/{user}", AccessGroups.OPERATORS, bob.id())
					.retrieve());
	}

	@Test
	void givenItsStarterFollowingARunWhenTheyAreDeletedOverEngineRestThenTheyAreSentNothingMoreAndTheOtherEverything()
			throws Exception {
		deployed();
		Person dave = this.people.allowedToStart(CALLS_AFTER_A_PERSON);
		String id = dave.start(CALLS_AFTER_A_PERSON, Map.of("task", "Followed while it calls"));
		this.api.awaitUserTask(id);

		assertSentNothingAfter(id, dave,
				() -> this.api.http().delete().uri("/engine-rest/user/{id}", dave.id()).retrieve());
	}

	/**
	 * The person and the administrator follow the run, an administrator withdraws the
	 * person's access, and the run moves on to its end: the person's stream ends having
	 * been sent only what came before, the administrator's is sent every event.
	 */
	private void assertSentNothingAfter(String runId, Person person, Supplier<RestClient.ResponseSpec> withdraw)
			throws Exception {
		Followed theirs = this.streams.follow(person.id(), People.PASSWORD, runId);
		Followed admins = follow(runId, 1).get(0);
		await().atMost(Duration.ofSeconds(30)).until(() -> theirs.seen().size() == 2);

		assertThat(withdraw.get().toBodilessEntity().getStatusCode().value()).isEqualTo(204);
		this.tasks.complete(this.tasks.createTaskQuery().processInstanceId(runId).singleResult().getId());

		List<String> all = admins.ended().get(30, TimeUnit.SECONDS);
		assertThat(all).hasSize(5).last().isEqualTo("run-ended");
		assertThat(theirs.ended().get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(all.subList(0, 2));
	}

	/** A run of a researcher's call, then a person's task, waiting at the task. */
	private String aRunWaitingAfterItsFirstCall() {
		deployed();
		String id = this.api.start(CALLS_AFTER_A_PERSON, Map.of("task", "Followed while it calls"));
		this.api.awaitUserTask(id);
		return id;
	}

	private void deployed() {
		assertThat(this.api.deploy(CALLS_AFTER_A_PERSON, Map.of(CALLS_AFTER_A_PERSON + ".bpmn", callsAfterAPerson()))
			.getStatusCode()
			.value()).isEqualTo(200);
	}

	/**
	 * Follows a run waiting for approval with this many streams, approves it, and returns
	 * the statements the streams made from the approval until they all ended, each having
	 * been sent the run's one call starting and ending, then its end.
	 */
	private List<String> statementsAsTheRunEnds(int count) throws Exception {
		WaitingApproval run = WaitingApproval.start(this.api, this.runtime, this.tasks);
		List<Followed> followed = follow(run.id(), count);
		this.statements.ofEventStreams();

		approve(run);

		String call = this.api.transcript(run.id()).get(0).path("id").asText();
		for (Followed stream : followed) {
			assertThat(stream.ended().get(30, TimeUnit.SECONDS)).containsExactly("call-started " + call + ":start",
					"call-ended " + call + ":end", "run-ended");
		}
		return this.statements.ofEventStreams();
	}

	/** Opens the streams and returns once each was sent what the run did so far. */
	private List<Followed> follow(String runId, int count) throws Exception {
		List<Followed> followed = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			followed.add(this.streams.follow(ApiClient.USER, ApiClient.PASSWORD, runId));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> followed.stream().allMatch((stream) -> stream.seen().size() == 2));
		return followed;
	}

	/** A researcher's call, a person's task, then a writer's call. */
	private static String callsAfterAPerson() {
		return Bpmn.convertToString(
				AgentTaskChains
					.then(AgentTaskChains
						.chain(CALLS_AFTER_A_PERSON,
								Step.of("Task_Research", "researcher", "Research: ${task}", "notes"))
						.userTask("Task_Wait")
						.name("Wait"), Step.of("Task_Write", "writer", "Write from: ${notes}", "result"))
					.endEvent("End")
					.done());
	}

	private void approve(WaitingApproval run) {
		this.tasks.complete(run.task(), createVariables().putValue("approved", true).putValue("comment", "Fine"));
	}

}
