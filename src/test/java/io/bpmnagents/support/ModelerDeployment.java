package io.bpmnagents.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/** What Camunda Modeler's "Deploy" sends to /engine-rest: a multipart of named files. */
final class ModelerDeployment {

	private ModelerDeployment() {
	}

	static ResponseEntity<JsonNode> send(RestClient http, String name, Map<String, String> files) {
		return sendBytes(http, name, bytes(files));
	}

	/** Text files as their UTF-8 bytes. */
	static Map<String, byte[]> bytes(Map<String, String> files) {
		Map<String, byte[]> bytes = new LinkedHashMap<>();
		files.forEach((file, content) -> bytes.put(file, content.getBytes(StandardCharsets.UTF_8)));
		return bytes;
	}

	/** Files given as bytes, for images and other binary content. */
	static ResponseEntity<JsonNode> sendBytes(RestClient http, String name, Map<String, byte[]> files) {
		return sendTo(http, "/engine-rest/deployment/create", name, files);
	}

	/** The same multipart to another endpoint, such as a gated deployment's. */
	static ResponseEntity<JsonNode> sendTo(RestClient http, String path, String name, Map<String, byte[]> files) {
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("deployment-name", name);
		form.add("deployment-source", "Camunda Modeler");
		files.forEach((file, content) -> form.add(file, new ByteArrayResource(content) {
			@Override
			public String getFilename() {
				return file;
			}
		}));
		return http.post()
			.uri(path)
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(form)
			.retrieve()
			.toEntity(JsonNode.class);
	}

}
