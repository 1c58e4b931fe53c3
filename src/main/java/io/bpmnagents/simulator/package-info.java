/**
 * The built-in OpenAI-compatible model simulator, served over real HTTP, deterministic,
 * with latency and fault settings.
 */
package io.bpmnagents.simulator;
