/**
 * Remote agents over Agent2Agent (A2A): an agent whose {@code agents.<name>.a2a} names an
 * agent card takes its turn through the A2A Java SDK's client (card,
 * {@code message/send}, {@code tasks/get}) instead of a model.
 */
package io.bpmnagents.a2a;
