package io.bpmnagents.quota;

import java.util.List;

import io.bpmnagents.security.AccessGroups;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/quotas}: each quota with its limit and its use in the current window.
 * Administrators see every quota; others the ones that count their runs: on them, on a
 * group they are in, and those on processes and models, which count everyone's; the
 * requests to allow more of a quota ({@code on-exhausted: ask}), which name runs, are
 * shown to administrators only.
 */
@RestController
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class QuotaController {

	private final Quotas quotas;

	private final IdentityService identity;

	private final QuotaRequests requests;

	@GetMapping("/api/quotas")
	List<Quotas.QuotaUse> quotas() {
		Authentication person = this.identity.getCurrentAuthentication();
		String user = (person != null) ? person.getUserId() : null;
		List<String> groups = (person != null && person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		if (AccessGroups.isAdministrator(groups)) {
			// Requests name runs of anyone: administrators only.
			return this.quotas.uses((quota) -> true)
				.stream()
				.map((use) -> "ask".equals(use.onExhausted())
						? use.withRequests(this.requests.of(use.key(), use.windowStart())) : use)
				.toList();
		}
		return this.quotas.uses((quota) -> switch (quota.scope()) {
			case USER -> quota.name().equals(user);
			case GROUP -> groups.contains(quota.name());
			case PROCESS, MODEL -> true;
		});
	}

}
