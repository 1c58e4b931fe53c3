/**
 * Conversations (round-robin and selector group chat): turns, what ends them, and
 * people's messages into them.
 */
package io.bpmnagents.pattern.conversation;
