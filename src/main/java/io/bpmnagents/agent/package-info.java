/**
 * Agents: the registry from configuration, and one agent call made on behalf of a task
 * (memory, tools, budget, transcript around the model client).
 */
package io.bpmnagents.agent;
