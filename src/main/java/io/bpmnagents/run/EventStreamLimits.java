package io.bpmnagents.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Counts the event streams each person holds open, so that one person cannot tie up the
 * server with streams; a stream counts until it is closed, times out or its client is
 * found gone.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class EventStreamLimits {

	private final int maxPerUser;

	private final Map<String, Integer> open = new ConcurrentHashMap<>();

	/**
	 * Counts a new stream of the person.
	 * @return a release to run once when the stream ends
	 * @throws TooManyStreams when the person holds the most streams allowed
	 */
	Runnable open(String user) {
		boolean[] admitted = { false };
		this.open.compute(user, (key, count) -> {
			int now = (count != null) ? count : 0;
			if (now >= this.maxPerUser) {
				return count;
			}
			admitted[0] = true;
			return now + 1;
		});
		if (!admitted[0]) {
			throw new TooManyStreams(user, this.maxPerUser);
		}
		boolean[] released = { false };
		return () -> {
			synchronized (released) {
				if (released[0]) {
					return;
				}
				released[0] = true;
			}
			this.open.computeIfPresent(user, (key, count) -> (count > 1) ? count - 1 : null);
		};
	}

	int openBy(String user) {
		return this.open.getOrDefault(user, 0);
	}

	/** More streams than a person may hold; answered with 429. */
	static class TooManyStreams extends RuntimeException {

		TooManyStreams(String user, int max) {
			super("User '" + user + "' already follows " + max + " runs' events, the most one person may "
					+ "(bpmn-agents.events.max-per-user). Close one of those streams first.");
		}

	}

}
