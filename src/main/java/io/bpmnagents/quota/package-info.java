/**
 * Quotas across runs: calls, tokens and cost per user, group, process or model, per day
 * or month, held by one counter row per quota and window in the database, reserved before
 * each model call and settled after it; {@code GET /api/quotas} and gauges show their
 * use. A spent quota with {@code on-exhausted: ask} asks an administrator in Tasklist to
 * allow more ({@code QuotaRequests}, the {@code quota-request} process; the decision's
 * rules are in {@code approval}). The counters also hold a run's own budget (package
 * {@code budget}).
 */
package io.bpmnagents.quota;
