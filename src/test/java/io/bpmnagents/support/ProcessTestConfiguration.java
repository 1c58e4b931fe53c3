package io.bpmnagents.support;

import dev.langchain4j.model.chat.ChatModel;
import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.worker.AgentTaskWorker;
import org.camunda.bpm.engine.ProcessEngine;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

@TestConfiguration(proxyBeanMethods = false)
class ProcessTestConfiguration {

	@Bean
	@Primary
	FakeModel fakeModel(AgentRegistry agents) {
		return new FakeModel(agents);
	}

	@Bean
	ProcessDriver processDriver(ProcessEngine engine, AgentTaskWorker worker) {
		return new ProcessDriver(engine, worker);
	}

}
