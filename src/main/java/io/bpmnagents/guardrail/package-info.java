/**
 * Guardrails: named checks of what goes into an agent's model call and what comes out
 * (pass, rewrite, ask again with feedback, or fail with the BPMN error
 * {@code GUARDRAIL}), built in or brought as LangChain4j guardrail beans.
 */
package io.bpmnagents.guardrail;
