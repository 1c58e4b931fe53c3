package io.bpmnagents.security;

/**
 * A process that only administrators deploy new versions of, contributed as a bean by the
 * capability that owns it (as patterns contribute their topic handlers), so that
 * {@code security} names no other capability's process.
 *
 * @param key the process key
 * @param why what the process does that a person's version could undo, for the refusal's
 * message, e.g. "decides approvals"
 */
public record ProtectedProcess(String key, String why) {

}
