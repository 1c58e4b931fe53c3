package io.bpmnagents.simulator;

import java.util.UUID;

import io.bpmnagents.llm.LocalModelServer;

import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;

/**
 * Where the simulator listens and the key it asks for. The key is made anew at every
 * start, so only this application's own client can call it.
 */
public class SimulatorEndpoint implements LocalModelServer {

	static final String PATH = "/simulator/v1";

	private final String apiKey = "sim-" + UUID.randomUUID();

	private final String contextPath;

	private volatile int port = -1;

	SimulatorEndpoint(String contextPath) {
		this.contextPath = (contextPath != null) ? contextPath : "";
	}

	@EventListener
	void onServerStarted(WebServerInitializedEvent event) {
		this.port = event.getWebServer().getPort();
	}

	@Override
	public String baseUrl() {
		if (this.port < 0) {
			throw new IllegalStateException("The model simulator needs the web server, which has not started");
		}
		return "http://127.0.0.1:" + this.port + this.contextPath + PATH;
	}

	@Override
	public String apiKey() {
		return this.apiKey;
	}

}
