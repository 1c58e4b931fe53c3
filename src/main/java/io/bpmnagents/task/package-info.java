/**
 * The generic agent task: its properties, prompts, parse listeners and process tools, on
 * top of the worker ({@code worker}) and the answer rules ({@code answer}).
 */
package io.bpmnagents.task;
