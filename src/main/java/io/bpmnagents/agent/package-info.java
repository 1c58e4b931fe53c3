/**
 * Agents: the registry from configuration, and one agent call made on behalf of a task
 * (memory, tools, and the model call as an ordered chain of links — budget and quotas,
 * checks, observation, transcript, answerer — in {@code ModelCallChain}).
 */
package io.bpmnagents.agent;
