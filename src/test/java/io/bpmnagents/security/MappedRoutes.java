package io.bpmnagents.security;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.bpmnagents.support.EndToEndApiTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route Spring MVC maps, as {@code METHOD /path} with its path variables filled in
 * ({@code x}): read from the app's own mappings, so that a check over them covers an
 * endpoint added tomorrow. A route mapped for any method counts as GET and POST. The base
 * of the checks that hold for every route.
 */
abstract class MappedRoutes extends EndToEndApiTest {

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	List<Route> routes(Set<String> skipped) {
		Set<String> routes = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			Set<String> patterns = (info.getPathPatternsCondition() != null)
					? info.getPathPatternsCondition().getPatternValues() : info.getPatternValues();
			for (String pattern : patterns) {
				String path = pattern.replaceAll("\\{\\*[^}]+}", "x").replaceAll("\\{[^}]+}", "x");
				if (!skipped.contains(path)) {
					(methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods)
						.forEach((method) -> routes.add(method.name() + " " + path));
				}
			}
		}
		return routes.stream()
			.map((route) -> new Route(route.substring(0, route.indexOf(' ')), route.substring(route.indexOf(' ') + 1)))
			.toList();
	}

	record Route(String method, String path) {

		boolean readsOnly() {
			return "GET".equals(this.method) || "DELETE".equals(this.method) || "HEAD".equals(this.method);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}
