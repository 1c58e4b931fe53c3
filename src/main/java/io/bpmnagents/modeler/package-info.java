/**
 * What a modeller sets on an agent task in Camunda Modeler, declared once: the extension
 * properties ({@link io.bpmnagents.modeler.AgentTaskProperty}) that the tasks read
 * through it, and the generator that writes the Modeler's element templates and their
 * reference page from it.
 */
package io.bpmnagents.modeler;
