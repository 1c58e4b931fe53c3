package io.bpmnagents.mcp;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(McpProperties.class)
class McpConfiguration {

	@Bean
	McpToolbox mcpToolbox(McpProperties properties) {
		return new McpToolbox(properties);
	}

	/** The servers' tool lists are read when the app starts. */
	@Bean
	ApplicationListener<ApplicationReadyEvent> mcpServersOpener(McpToolbox toolbox) {
		return (ready) -> toolbox.open();
	}

}
