package io.bpmnagents.security;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * Jersey finds this in every JAX-RS application of the server (META-INF/services), among
 * them the webapps' engine API behind Tasklist's "Start process" and task forms, which
 * Spring Boot's Jersey customizers do not reach; it adds {@link EngineRestRefusals}
 * there.
 */
@ConstrainedTo(RuntimeType.SERVER)
public class EngineRestRefusalsDiscovery implements AutoDiscoverable {

	@Override
	public void configure(FeatureContext context) {
		EngineRestRefusals.register(context);
	}

}
