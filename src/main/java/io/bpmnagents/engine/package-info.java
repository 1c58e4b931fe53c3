/**
 * How the app's engine plugins hook into Camunda's engine, said once: parse listeners,
 * job handlers, command interceptors (and the fields of Camunda's commands they read,
 * {@link io.bpmnagents.engine.CommandFields}), session factories and listeners on every
 * run. A package of its own, so that every capability (security among them) can use it
 * without a cycle.
 */
package io.bpmnagents.engine;
