/**
 * What the shipped examples need beyond the product: a small MCP server over stdio (the
 * staff handbook) that the {@code mcp-example} profile declares, so that the example in
 * {@code processes/examples/mcp} runs with no server to install.
 */
package io.bpmnagents.example;
