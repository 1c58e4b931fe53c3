package io.bpmnagents.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathsTest {

	@ParameterizedTest
	@ValueSource(strings = { "/camunda/api/admin/setup/default/user/create",
			"//camunda/api/admin/setup/default/user/create", "/camunda/api/admin/%73etup/default/user/create",
			"/camunda/api/admin/%2573etup/default/user/create", "/camunda/api/admin/setup%2Fdefault/user/create",
			"/camunda;x/api/admin/setup;y=1/default/user/create", "/CAMUNDA/Api/ADMIN/setup/default/user/create/",
			"/camunda/app/../api/admin/./setup/default/user/create",
			"\\camunda\\api\\admin\\setup\\default\\user\\create", "/camunda/api/admin/setup/default/user/create%3Bx" })
	void everySpellingOfAPathNormalisesToTheSame(String raw) {
		String normalised = RequestPaths.normalise(raw);

		assertThat(normalised).startsWith("/camunda/api/admin/setup/default/user/create");
		assertThat(RequestLineFilter.isSetup(normalised)).isTrue();
	}

	@Test
	void otherPathsAreNotTheSetup() {
		assertThat(RequestLineFilter.isSetup(RequestPaths.normalise("/camunda/api/admin/setupx"))).isFalse();
		assertThat(RequestLineFilter.isSetup(RequestPaths.normalise("/camunda/api/admin/auth/user/default/login")))
			.isFalse();
	}

	@Test
	void malformedQueryStringsAreFound() {
		assertThat(RequestPaths.wellFormedQuery("a=%zz")).isFalse();
		assertThat(RequestPaths.wellFormedQuery("a=%")).isFalse();
		assertThat(RequestPaths.wellFormedQuery("a=%4")).isFalse();
		assertThat(RequestPaths.wellFormedQuery("a=%41&b=c+d")).isTrue();
		assertThat(RequestPaths.wellFormedQuery(null)).isTrue();
	}

}
