package io.bpmnagents.process;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessGateTest {

	private static ApplicationAvailability readiness(ReadinessState state) {
		return new ApplicationAvailability() {

			@Override
			public <S extends AvailabilityState> S getState(Class<S> type, S defaultState) {
				return type.cast(state);
			}

			@Override
			public <S extends AvailabilityState> S getState(Class<S> type) {
				return type.cast(state);
			}

			@Override
			public <S extends AvailabilityState> org.springframework.boot.availability.AvailabilityChangeEvent<S> getLastChangeEvent(
					Class<S> type) {
				return null;
			}

			@Override
			public LivenessState getLivenessState() {
				return LivenessState.CORRECT;
			}

			@Override
			public ReadinessState getReadinessState() {
				return state;
			}

		};
	}

	@Test
	void beforeDeploymentTheApiAnswers503WithRetryAfter() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		new ReadinessGate(readiness(ReadinessState.REFUSING_TRAFFIC))
			.doFilter(new MockHttpServletRequest("POST", "/api/runs"), response, chain);

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isNotBlank();
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(chain.getRequest()).isNull();
	}

	@Test
	void onceReadyTheApiIsServed() throws Exception {
		MockFilterChain chain = new MockFilterChain();

		new ReadinessGate(readiness(ReadinessState.ACCEPTING_TRAFFIC))
			.doFilter(new MockHttpServletRequest("POST", "/api/runs"), new MockHttpServletResponse(), chain);

		assertThat(chain.getRequest()).isNotNull();
	}

	@Test
	void whileStartingOtherPathsAreServed() throws Exception {
		MockFilterChain chain = new MockFilterChain();

		new ReadinessGate(readiness(ReadinessState.REFUSING_TRAFFIC)).doFilter(
				new MockHttpServletRequest("GET", "/actuator/health/readiness"), new MockHttpServletResponse(), chain);

		assertThat(chain.getRequest()).isNotNull();
	}

}
