/**
 * The MCP server at {@code /mcp}: each process the caller may start is a tool, with
 * {@code get_run}, {@code list_runs}, {@code stop_run} and a transcript resource per run,
 * under the same logins and grants as {@code /api/runs}.
 */
package io.bpmnagents.mcpserver;
