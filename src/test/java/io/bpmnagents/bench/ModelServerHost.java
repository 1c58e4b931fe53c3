package io.bpmnagents.bench;

import java.time.Duration;
import java.util.Map;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.bpmnagents.llm.LocalModelServer;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.simulator.SimulatorProperties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The application's model simulator alone, as a model server in a JVM of its own: Tomcat,
 * Spring MVC and the {@code simulator} package, without the engine, the database or
 * security, so that the node under test calls it over HTTP as it would call any
 * OpenAI-compatible server and none of its CPU is the node's. Started by
 * {@link ApplicationProcess#start(Class, int, java.util.List, java.nio.file.Path)} with
 * {@code --llm.provider=simulator}; the simulator answers callers on this machine only.
 * <p>
 * Two bench-only routes, for the benchmark on this machine:
 * {@code GET /bench/model-server} tells the simulator's address and key (made anew at
 * each start), and {@code PUT /bench/latency {"millis"}} sets its latency L between
 * figures.
 * <p>
 * Not a {@code @Configuration}: the application scans {@code io.bpmnagents}, test classes
 * included, and must never pick this class up; it is only ever a source of its own
 * {@link SpringApplication}.
 */
@ComponentScan(basePackageClasses = Simulator.class)
@EnableConfigurationProperties(SimulatorProperties.class)
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
		DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
		HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class })
public class ModelServerHost {

	static final String INFO = "/bench/model-server";

	static final String LATENCY = "/bench/latency";

	static final String WARMED = "/bench/warmed";

	public static void main(String[] args) {
		SpringApplication.run(ModelServerHost.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> benchControl(LocalModelServer endpoint, Simulator simulator) {
		return RouterFunctions.route()
			.GET(INFO,
					(request) -> ServerResponse.ok()
						.body(Map.of("baseUrl", endpoint.baseUrl(), "apiKey", endpoint.apiKey())))
			.PUT(LATENCY, (request) -> {
				Duration latency = Duration.ofMillis(request.body(Latency.class).millis());
				simulator.latency(latency);
				return ServerResponse.ok().body(Map.of("millis", latency.toMillis()));
			})
			.PUT(WARMED, (request) -> {
				int requests = request.body(WarmUp.class).requests();
				warmUp(endpoint, simulator, requests);
				return ServerResponse.ok().body(Map.of("requests", requests));
			})
			.build();
	}

	/**
	 * Chat requests to this simulator at L = 0 through the OpenAI client, as a provider's
	 * servers have served many before a node's first call: the node's cold start is then
	 * the node's alone.
	 */
	private static void warmUp(LocalModelServer endpoint, Simulator simulator, int requests) {
		ChatModel client = OpenAiChatModel.builder()
			.baseUrl(endpoint.baseUrl())
			.apiKey(endpoint.apiKey())
			.modelName("gpt-4o")
			.build();
		Duration latency = simulator.latency();
		simulator.latency(Duration.ZERO);
		try {
			for (int i = 0; i < requests; i++) {
				client.chat(SystemMessage.from("You are a researcher."), UserMessage.from("Warm up, step " + i));
			}
		}
		finally {
			simulator.latency(latency);
		}
	}

	record Latency(long millis) {
	}

	record WarmUp(int requests) {
	}

}
