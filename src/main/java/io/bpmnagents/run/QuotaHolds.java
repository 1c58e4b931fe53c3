package io.bpmnagents.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.bpmnagents.quota.QuotaRequestWaits;
import io.bpmnagents.quota.QuotaRequests;
import io.bpmnagents.transcript.QuotaHold;
import io.bpmnagents.transcript.TranscriptEntry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * A run's calls held by a spent quota ({@code on-exhausted: ask}), placed in its
 * transcript where they were held, each with the administrator's decision: so the
 * transcript says why the run waited and who let it go on or stopped it. Read only after
 * {@link RunService} let the person see the run (an evaluation's cases: after its run was
 * seen, as its outcomes are).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class QuotaHolds {

	private final QuotaRequestWaits waits;

	/** The transcript with the held calls among the model calls, in start order. */
	List<TranscriptEntry> within(String runId, List<TranscriptEntry> transcript) {
		List<TranscriptEntry> held = of(List.of(runId));
		if (held.isEmpty()) {
			return transcript;
		}
		List<TranscriptEntry> merged = new ArrayList<>(transcript);
		merged.addAll(held);
		// Stable: a model call that started at the same instant stays first.
		merged.sort(Comparator.comparing(TranscriptEntry::startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
		return merged;
	}

	/**
	 * The held calls of these runs as the transcripts list them (each entry names its
	 * run), in the order they were held; one query for all.
	 */
	public List<TranscriptEntry> of(Collection<String> runIds) {
		List<TranscriptEntry> held = new ArrayList<>();
		this.waits.ofRuns(runIds).forEach((run, waits) -> waits.forEach((wait) -> held.add(entry(run, wait))));
		held.sort(Comparator.comparing(TranscriptEntry::startedAt, Comparator.nullsLast(Comparator.naturalOrder())));
		return held;
	}

	private static TranscriptEntry entry(String runId, QuotaRequestWaits.Wait wait) {
		QuotaRequests.Request request = wait.request();
		boolean allowed = QuotaRequests.ALLOW.equals(request.decision());
		String status = allowed ? QuotaHold.ALLOWED
				: QuotaRequests.REFUSE.equals(request.decision()) ? QuotaHold.REFUSED : QuotaHold.PENDING;
		QuotaHold hold = new QuotaHold(wait.quotaKey(), request.id(), status, request.decidedBy(), request.decidedAt(),
				allowed ? request.allowed().calls() : null, allowed ? request.allowed().tokens() : null,
				allowed ? request.allowed().cost() : null, request.reason());
		return TranscriptEntry.heldByQuota("quota-request:" + request.id() + ":" + wait.callKey(), runId,
				wait.processInstanceId(), wait.activityId(), wait.agent(), wait.waitedFrom(), hold);
	}

}
