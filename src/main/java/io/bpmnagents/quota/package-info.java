/**
 * Quotas across runs: calls, tokens and cost per user, group, process or model, per day
 * or month, held by one counter row per quota and window in the database, reserved before
 * each model call and settled after it; {@code GET /api/quotas} and gauges show their
 * use. The counters also hold a run's own budget (package {@code budget}).
 */
package io.bpmnagents.quota;
