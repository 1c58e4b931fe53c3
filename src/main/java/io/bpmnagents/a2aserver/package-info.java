/**
 * Processes as A2A agents at {@code /a2a}: an agent card per process the caller may start
 * (its skill from the start-form contract), {@code message/send} starting a run as the
 * caller, {@code tasks/get} and {@code tasks/cancel} on runs, under the same logins and
 * grants as {@code /api/runs}; JSON-RPC with the A2A Java SDK's spec types.
 */
package io.bpmnagents.a2aserver;
