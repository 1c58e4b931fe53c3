package io.bpmnagents.simulator;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorRequestGuardTest {

	private final SimulatorEndpoint endpoint = new SimulatorEndpoint("");

	private final SimulatorRequestGuard guard = new SimulatorRequestGuard(this.endpoint);

	/** A request whose body records whether anyone read it. */
	private static final class WatchedRequest extends MockHttpServletRequest {

		final AtomicBoolean bodyRead = new AtomicBoolean();

		WatchedRequest(String remoteAddress, String authorization) {
			super("POST", "/simulator/v1/chat/completions");
			setRemoteAddr(remoteAddress);
			setContentType("application/json");
			setContent("{\"messages\":[]}".getBytes());
			if (authorization != null) {
				addHeader("Authorization", authorization);
			}
		}

		@Override
		public ServletInputStream getInputStream() {
			this.bodyRead.set(true);
			return super.getInputStream();
		}

	}

	@Test
	void callersOnOtherMachinesAreRefusedUnread() throws Exception {
		WatchedRequest request = new WatchedRequest("203.0.113.5", "Bearer " + this.endpoint.apiKey());
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		this.guard.doFilter(request, response, chain);

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(chain.getRequest()).isNull();
		assertThat(request.bodyRead).isFalse();
	}

	@Test
	void aWrongKeyIsRefusedBeforeTheBodyIsRead() throws Exception {
		WatchedRequest request = new WatchedRequest("127.0.0.1", "Bearer guess");
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		this.guard.doFilter(request, response, chain);

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).contains("invalid_api_key");
		assertThat(chain.getRequest()).isNull();
		assertThat(request.bodyRead).isFalse();
	}

	@Test
	void theAppsOwnClientPasses() throws Exception {
		for (String loopback : new String[] { "127.0.0.1", "0:0:0:0:0:0:0:1", "::1" }) {
			WatchedRequest request = new WatchedRequest(loopback, "Bearer " + this.endpoint.apiKey());
			MockFilterChain chain = new MockFilterChain();

			this.guard.doFilter(request, new MockHttpServletResponse(), chain);

			assertThat(chain.getRequest()).as(loopback).isSameAs(request);
		}
	}

	@Test
	void onlyLiteralLoopbackAddressesCount() {
		assertThat(SimulatorRequestGuard.loopback("localhost")).isFalse();
		assertThat(SimulatorRequestGuard.loopback("10.0.0.1")).isFalse();
		assertThat(SimulatorRequestGuard.loopback("")).isFalse();
		assertThat(SimulatorRequestGuard.loopback("127.0.0.9")).isTrue();
	}

}
