/**
 * Replaying a recorded run from its transcript instead of the model.
 */
package io.bpmnagents.replay;
