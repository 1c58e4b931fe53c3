package io.bpmnagents.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * What in a person's (not an administrator's) deployment would run in the browser of
 * whoever opens it. Tasklist inserts an embedded form ({@code embedded:…}) into its own
 * page, scripts ({@code cam-script}) and template expressions included, and compiles a
 * generated form ({@code camunda:formData}) the same way; an external form key opens any
 * address; and a diagram with elements of the XHTML namespace runs their event handlers
 * when a browser opens it as XML. So a person's diagram keeps to the BPMN, DI and Camunda
 * namespaces without {@code on…} attributes or processing instructions (an
 * {@code xml-stylesheet} turns XML into a page), its forms are Camunda Forms (form-js
 * JSON, which form-js renders as text, without its {@code html} and {@code iframe}
 * fields), and its images are images by their bytes, not HTML under an image's name.
 */
final class BrowserContent {

	/** Elements of these namespaces only: what the Modeler writes for Camunda 7. */
	private static final Set<String> DIAGRAM_NAMESPACES = Set.of("http://www.omg.org/spec/BPMN/20100524/MODEL",
			"http://www.omg.org/spec/BPMN/20100524/DI", "http://www.omg.org/spec/DD/20100524/DC",
			"http://www.omg.org/spec/DD/20100524/DI", "http://camunda.org/schema/1.0/bpmn");

	/** Elements that make the engine render an HTML form (generated task forms). */
	private static final Set<String> GENERATED_FORM_ELEMENTS = Set.of("formData", "formField", "formProperty");

	/**
	 * A Camunda Form of the same deployment, the one form key that is no page: the name
	 * is text, never an expression ({@code ${…}} or {@code #{…}} could name any page).
	 */
	private static final Pattern CAMUNDA_FORM_KEY = Pattern.compile("camunda-forms:deployment:[^${}#]+\\.form");

	private static final Pattern EVENT_HANDLER = Pattern.compile("on[a-z].*", Pattern.CASE_INSENSITIVE);

	/**
	 * form-js's fields, without {@code html} (markup) and {@code iframe} (other pages).
	 */
	private static final Set<String> FORM_FIELDS = Set.of("button", "checkbox", "checklist", "datetime", "dynamiclist",
			"expression", "group", "image", "number", "radio", "select", "separator", "spacer", "table", "taglist",
			"text", "textarea", "textfield");

	/** How each image type begins (its magic number). */
	private static final Map<String, byte[][]> IMAGE_SIGNATURES = Map.of(".png",
			new byte[][] { { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' } }, ".jpg",
			new byte[][] { { (byte) 0xff, (byte) 0xd8, (byte) 0xff } }, ".jpeg",
			new byte[][] { { (byte) 0xff, (byte) 0xd8, (byte) 0xff } }, ".gif",
			new byte[][] { "GIF87a".getBytes(StandardCharsets.US_ASCII), "GIF89a".getBytes(StandardCharsets.US_ASCII) },
			".webp", new byte[][] { "RIFF".getBytes(StandardCharsets.US_ASCII) });

	static final Set<String> IMAGE_ENDINGS = IMAGE_SIGNATURES.keySet();

	private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

	private BrowserContent() {
	}

	/** Why this file, named as an image, is not one, if it is not. */
	static Optional<String> imageRefusal(String name, byte[] content) {
		String lower = name.toLowerCase(Locale.ROOT);
		String ending = lower.substring(lower.lastIndexOf('.'));
		boolean matches = Arrays.stream(IMAGE_SIGNATURES.get(ending))
			.anyMatch((signature) -> startsWith(content, 0, signature));
		if (matches && ending.equals(".webp")) {
			matches = startsWith(content, 8, "WEBP".getBytes(StandardCharsets.US_ASCII));
		}
		return matches ? Optional.empty() : Optional.of("'" + name + "' is named as an image (" + ending
				+ ") but its bytes are not one; " + "deploy the image itself (PNG, JPEG, GIF or WebP).");
	}

	/** Why this {@code .form} file is not a Camunda Form of form-js's plain fields. */
	static Optional<String> formRefusal(String name, byte[] content) {
		JsonNode form;
		try {
			form = JSON.readTree(content);
		}
		catch (JsonProcessingException ex) {
			return Optional.of("'" + name + "' is not a Camunda Form: not JSON (" + ex.getOriginalMessage() + ").");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (form == null || !form.isObject() || !form.path("components").isArray()
				|| (form.has("type") && !"default".equals(form.path("type").asText()))) {
			return Optional.of("'" + name + "' is not a Camunda Form: form-js expects an object of type 'default' "
					+ "with a 'components' array, as the Modeler saves it.");
		}
		return fieldsRefusal(form.path("components")).map((reason) -> "'" + name + "': " + reason);
	}

	private static Optional<String> fieldsRefusal(JsonNode components) {
		for (JsonNode field : components) {
			String type = field.path("type").asText("");
			if (!field.isObject() || !FORM_FIELDS.contains(type)) {
				return Optional.of("form field type '" + type + "' is not one people may deploy; allowed are "
						+ FORM_FIELDS.stream().sorted().toList() + " (html and iframe fields are for administrators).");
			}
			if (field.has("components")) {
				if (!field.path("components").isArray()) {
					return Optional.of("the 'components' of field '" + field.path("id").asText() + "' are no array.");
				}
				Optional<String> nested = fieldsRefusal(field.path("components"));
				if (nested.isPresent()) {
					return nested;
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Why this element of a diagram would put something active in a browser: a namespace
	 * other than BPMN's, DI's and Camunda's, an event handler attribute, a form key other
	 * than a Camunda Form of the deployment, or a generated form.
	 */
	static Optional<String> elementRefusal(Element element) {
		String namespace = element.getNamespaceURI();
		if (namespace == null || !DIAGRAM_NAMESPACES.contains(namespace)) {
			return Optional.of("element '" + element.getTagName() + "' is in "
					+ ((namespace != null) ? "namespace '" + namespace + "'" : "no namespace")
					+ "; diagrams keep to the BPMN, DI and Camunda namespaces (XHTML or SVG elements would run in "
					+ "the browser that opens the diagram).");
		}
		if (GENERATED_FORM_ELEMENTS.contains(element.getLocalName())) {
			return Optional.of("element '" + element.getTagName() + "' declares a generated form, which Tasklist "
					+ "renders as HTML; use a Camunda Form (camunda:formRef) instead.");
		}
		NamedNodeMap attributes = element.getAttributes();
		for (int i = 0; i < attributes.getLength(); i++) {
			Attr attribute = (Attr) attributes.item(i);
			String name = (attribute.getLocalName() != null) ? attribute.getLocalName() : attribute.getName();
			if (EVENT_HANDLER.matcher(name).matches()) {
				return Optional.of("attribute '" + attribute.getName() + "' of '" + element.getTagName()
						+ "' is an event handler.");
			}
			if ("formKey".equals(name) && !attribute.getValue().isEmpty()
					&& !CAMUNDA_FORM_KEY.matcher(attribute.getValue()).matches()) {
				return Optional.of("form key '" + attribute.getValue() + "' of '" + element.getTagName()
						+ "' would open an HTML page or another address (embedded:, app:, deployment:, engine:, "
						+ "an expression or a URL); use a Camunda Form: camunda:formRef, or "
						+ "'camunda-forms:deployment:NAME.form'.");
			}
		}
		return Optional.empty();
	}

	private static boolean startsWith(byte[] content, int offset, byte[] prefix) {
		return content != null && content.length >= offset + prefix.length
				&& Arrays.equals(content, offset, offset + prefix.length, prefix, 0, prefix.length);
	}

}
