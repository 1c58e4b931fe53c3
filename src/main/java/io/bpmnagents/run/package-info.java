/**
 * The runs API (/api/runs): starting runs, their views, transcript, history, events,
 * messages, agent figures, stops, retries and replays, and who may see which run.
 */
package io.bpmnagents.run;
