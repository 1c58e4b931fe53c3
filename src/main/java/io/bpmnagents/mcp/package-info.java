/**
 * Tools from MCP servers an administrator declared ({@code bpmn-agents.mcp.servers}),
 * over stdio or Streamable HTTP with the MCP Java SDK's client, offered to agents like
 * Java tools.
 */
package io.bpmnagents.mcp;
