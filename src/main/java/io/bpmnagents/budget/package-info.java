/**
 * A run's budget of calls, tokens and cost, checked before each model call.
 */
package io.bpmnagents.budget;
