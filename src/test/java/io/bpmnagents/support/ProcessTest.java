package io.bpmnagents.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A test of process paths: the real engine, BPMN files and agent task handler, an
 * in-memory database, and the {@link FakeModel}. No background worker or job executor
 * runs; the test drives each step with {@link ProcessDriver}, so paths are deterministic.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:process-tests;DB_CLOSE_DELAY=-1",
		"bpmn-agents.worker.enabled=false", "camunda.bpm.job-execution.enabled=false",
		"camunda.bpm.admin-user.password=Test-Secret-42", "bpmn-agents.worker.retry-backoff=0s",
		"camunda.bpm.process-engine-name=processTests", "bpmn-agents.approval.candidate-group=approvers" })
@Import(ProcessTestConfiguration.class)
public @interface ProcessTest {

}
