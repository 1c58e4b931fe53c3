package io.bpmnagents.run;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's feed keeps its streams open through a look that fails: what the look found
 * before it failed is given to the streams, and the next wake (a change of the run or the
 * poll) looks again.
 */
class RunFeedTest {

	@Test
	void givenALookThatFailedWhenTheFeedIsWokenAgainThenItLooksAgainAndSendsTheRestInOrder() {
		AtomicInteger looks = new AtomicInteger();
		RunFeed feed = new RunFeed("run-1", (self) -> {
			if (looks.incrementAndGet() == 1) {
				self.callStarted("call-1", "{\"id\":\"call-1\"}");
				throw new IllegalStateException("The database did not answer");
			}
			self.callEnded("call-1", "{\"id\":\"call-1\"}");
			self.runEnded("{}");
		}, Runnable::run);

		feed.wake();
		RunFeed.Page afterTheFailure = feed.from(0);
		feed.wake();
		RunFeed.Page afterTheNextLook = feed.from(0);

		assertThat(afterTheFailure.state()).isEqualTo(RunFeed.State.GOING);
		assertThat(afterTheFailure.events()).extracting(RunFeed.Event::name).containsExactly("call-started");
		assertThat(afterTheNextLook.state()).isEqualTo(RunFeed.State.ENDED);
		assertThat(afterTheNextLook.events()).extracting(RunFeed.Event::name)
			.containsExactly("call-started", "call-ended", "run-ended");
	}

}
