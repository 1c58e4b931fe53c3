package io.bpmnagents.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @Tool} method that changes nothing outside the run it serves: it reads,
 * or writes only the run's own state (its workspace, its messages). A replay that went
 * live runs such a tool; a tool without the mark may change the world (send, pay, book)
 * and runs there only when the replay allows it ({@code toolsMayAct}). MCP tools say the
 * same with their {@code readOnlyHint}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadOnlyTool {

}
