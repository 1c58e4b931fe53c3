/**
 * Tools agents may call (Java @Tool beans, the workspace) and the registry that offers
 * them.
 */
package io.bpmnagents.tool;
