/**
 * Evaluations of a change ({@code /api/evaluations}): recorded runs or dataset cases run
 * against a target process version (replays that go live at the first difference), their
 * outcomes compared with the originals and judged by an agent; the evaluation is itself a
 * run of the shipped {@code evaluation} process, and its cases are kept in the
 * {@code evaluation_case} table; its end stops the case runs still running. A deployment
 * can be gated on one, through {@code /api/deployments} or, by a process property, the
 * Modeler's own deploy; only its evaluation (or an administrator) activates the version.
 */
package io.bpmnagents.evaluation;
