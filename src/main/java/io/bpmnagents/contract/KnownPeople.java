package io.bpmnagents.contract;

import java.util.function.Predicate;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a name is a Camunda user or group, for inputs that name who is asked (a
 * deadline's {@code escalateTo}). Read from the engine's identity tables as the app, so
 * the answer does not depend on what the starting person may read of users and groups.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class KnownPeople implements Predicate<String> {

	private final JdbcClient jdbc;

	@Override
	public boolean test(String name) {
		return !this.jdbc
			.sql("SELECT ID_ FROM ACT_ID_USER WHERE ID_ = :name UNION SELECT ID_ FROM ACT_ID_GROUP WHERE ID_ = :name")
			.param("name", name)
			.query(String.class)
			.list()
			.isEmpty();
	}

}
