/**
 * The collaborative group: what it needs beyond its BPMN file, a person's instruction
 * added to the team's ideas after a stall.
 */
package io.bpmnagents.pattern.collaborative;
