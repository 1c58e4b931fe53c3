/**
 * The runs API (/api/runs): starting runs, their views, transcript, history, events,
 * stops and retries, and who may see which run.
 */
package io.bpmnagents.run;
