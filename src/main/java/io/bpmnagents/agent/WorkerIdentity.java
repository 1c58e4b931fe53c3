package io.bpmnagents.agent;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The name of this node as it appears in the transcript and on external task locks:
 * {@code bpmn-agents.worker.id}, or host name and process id. A configured id is the
 * node's across restarts; two nodes that run at the same time must never share one.
 */
@Component
public class WorkerIdentity {

	private final String id;

	private final boolean configured;

	WorkerIdentity(@Value("${bpmn-agents.worker.id:}") String configured) {
		this.configured = !configured.isBlank();
		this.id = this.configured ? configured : host() + ":" + ProcessHandle.current().pid();
	}

	public String id() {
		return this.id;
	}

	/**
	 * Whether the id was configured, and so stays the node's when it restarts (the
	 * default one has the process id in it).
	 */
	public boolean keptAcrossRestarts() {
		return this.configured;
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return ManagementFactory.getRuntimeMXBean().getName();
		}
	}

}
