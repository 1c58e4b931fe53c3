/**
 * The model client: LangChain4j's OpenAI client for any OpenAI-compatible server, its
 * limits, retries and warm-up; knows no agents.
 */
package io.bpmnagents.llm;
