/**
 * What one coordination pattern alone needs beyond its BPMN file (plan checks,
 * conversation turns); each pattern in a subpackage of its own.
 */
package io.bpmnagents.pattern;
