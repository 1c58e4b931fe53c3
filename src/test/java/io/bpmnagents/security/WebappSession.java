package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.support.RawHttp;

/** A login to the Camunda webapps as a browser does it: page, XSRF token, login form. */
record WebappSession(Map<String, String> cookies, String xsrfToken, RawHttp.Response login) {

	private static final ObjectMapper JSON = new ObjectMapper();

	static WebappSession start(RawHttp http) throws Exception {
		RawHttp.Response page = http.send("GET", "/camunda/app/cockpit/default/", Map.of(), null);
		String token = page.header("X-XSRF-TOKEN");
		return new WebappSession(merge(Map.of(), page), (token != null) ? token : "", null);
	}

	private static Map<String, String> merge(Map<String, String> cookies, RawHttp.Response response) {
		Map<String, String> merged = new LinkedHashMap<>(cookies);
		String header = response.header("Set-Cookie");
		if (header != null) {
			for (String line : header.split("\n")) {
				String pair = line.split(";", 2)[0];
				int equals = pair.indexOf('=');
				merged.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
			}
		}
		return merged;
	}

	/** Posts Cockpit's login form and returns the session with the answer. */
	WebappSession attempt(RawHttp http, String user, String password) throws Exception {
		return attempt(http, user, password, "cockpit");
	}

	/** Posts this webapp's login form and returns the session with the answer. */
	WebappSession attempt(RawHttp http, String user, String password, String app) throws Exception {
		RawHttp.Response login = http.send("POST", "/camunda/api/admin/auth/user/default/login/" + app,
				headers(Map.of("Content-Type", "application/x-www-form-urlencoded")),
				("username=" + user + "&password=" + password).getBytes(StandardCharsets.UTF_8));
		// Logging in starts a new session, which may come with a new token.
		String token = login.header("X-XSRF-TOKEN");
		return new WebappSession(merge(this.cookies, login), (token != null) ? token : this.xsrfToken, login);
	}

	/** Logs in through Cockpit's form and loads Tasklist's page, as most tests need. */
	static WebappSession login(RawHttp http, String user, String password) throws Exception {
		return login(http, user, password, "cockpit", "tasklist");
	}

	/**
	 * Logs in through this webapp's form and loads its page, which hands out the
	 * session's token: for people who may open only this webapp (approvers: Tasklist).
	 */
	static WebappSession login(RawHttp http, String user, String password, String app) throws Exception {
		return login(http, user, password, app, app);
	}

	private static WebappSession login(RawHttp http, String user, String password, String loginApp, String app)
			throws Exception {
		WebappSession session = start(http).attempt(http, user, password, loginApp);
		if (session.login().status() != 200) {
			throw new AssertionError("Login failed: " + session.login().status() + " " + session.login().body());
		}
		// As the webapp does next: a page load, which hands out the new session's token.
		RawHttp.Response page = http.send("GET", "/camunda/app/" + app + "/default/", session.headers(Map.of()), null);
		String token = page.header("X-XSRF-TOKEN");
		return new WebappSession(merge(session.cookies(), page), (token != null) ? token : session.xsrfToken(),
				session.login());
	}

	/**
	 * POSTs JSON to the webapps' engine API with this session, as Tasklist and Cockpit
	 * call it.
	 */
	RawHttp.Response postToEngine(RawHttp http, String path, Object body) throws Exception {
		return http.send("POST", "/camunda/api/engine/engine/default" + path,
				headers(Map.of("Content-Type", "application/json")), JSON.writeValueAsBytes(body));
	}

	Map<String, String> headers(Map<String, String> more) {
		Map<String, String> headers = new LinkedHashMap<>(more);
		if (!this.cookies.isEmpty()) {
			headers.put("Cookie",
					this.cookies.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}
		headers.put("X-XSRF-TOKEN", this.cookies.getOrDefault("XSRF-TOKEN", this.xsrfToken));
		return headers;
	}

}
