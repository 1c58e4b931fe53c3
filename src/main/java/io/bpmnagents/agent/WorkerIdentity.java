package io.bpmnagents.agent;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The name of this node as it appears in the transcript and on external task locks:
 * {@code bpmn-agents.worker.id}, or host name and process id. A node that keeps its name
 * across restarts (a configured id, or a container whose host name and process id stay
 * the same) takes back at start the tasks its earlier start left locked
 * ({@code task.OwnLocksTakeBack}); two nodes should not share a name.
 */
@Component
public class WorkerIdentity {

	private final String id;

	WorkerIdentity(@Value("${bpmn-agents.worker.id:}") String configured) {
		this.id = configured.isBlank() ? host() + ":" + ProcessHandle.current().pid() : configured;
	}

	public String id() {
		return this.id;
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
