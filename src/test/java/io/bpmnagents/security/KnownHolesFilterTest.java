package io.bpmnagents.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KnownHolesFilterTest {

	@Test
	void expressionsAfterOrQueriesAreFound() {
		assertThat(KnownHolesFilter.expressionInOrQueries("{\"orQueries\":[{\"assigneeExpression\":\"${x}\"}]}"))
			.isTrue();
		assertThat(KnownHolesFilter.expressionInOrQueries("{\"ORQUERIES\":[{\"nameExpression\":\"#{x}\"}]}")).isTrue();
		assertThat(KnownHolesFilter.expressionInOrQueries("{\"orQueries\":[{\"a\":\"$\\u007bx}\"}]}")).isTrue();
	}

	@Test
	void plainOrQueriesAndExpressionsElsewherePass() {
		assertThat(KnownHolesFilter.expressionInOrQueries("{\"orQueries\":[{\"assignee\":\"demo\"}]}")).isFalse();
		assertThat(KnownHolesFilter.expressionInOrQueries("{\"name\":\"${not an or query}\"}")).isFalse();
	}

}
