/**
 * Answer rules: what an agent task demands of an answer (one of a list, fields, a JSON
 * Schema), and the questions that check an answer and ask again when it breaks its rule.
 */
package io.bpmnagents.answer;
