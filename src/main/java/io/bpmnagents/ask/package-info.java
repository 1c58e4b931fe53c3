/**
 * A person asks one agent directly ({@code POST /api/agents/{name}/ask}), outside any
 * process: the call goes through the agents' model call chain (quotas, guardrails,
 * transcript, metrics) under the question's own id, who asked is recorded beside it, and
 * the exchange can be saved as a dataset case.
 */
package io.bpmnagents.ask;
