package io.bpmnagents.security;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.camunda.bpm.impl.juel.AstBracket;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstFunction;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstString;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.camunda.bpm.impl.juel.TreeBuilderException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Whether a model a person (not an administrator) deploys carries code. Camunda runs a
 * model's scripts, Java classes and expressions inside the engine, and an expression can
 * call any method of the objects it reaches ({@code execution.processEngineServices...}),
 * so a model could add its author to the administrators or decide an approval when it
 * runs. A person's model may therefore use expressions only to read and set process
 * variables and compare values: no scripts, no Java classes or delegate expressions, no
 * method calls except a short list on variables and values, no functions except Camunda's
 * date and user functions. Only BPMN diagrams, Camunda Forms and images may be deployed
 * this way; decisions (whose expression languages run code) are for administrators, and
 * nothing may run in the browser of whoever opens a form or diagram
 * ({@link BrowserContent}).
 */
final class ModelCode {

	private static final Set<String> DIAGRAM_FILES = Set.of(".bpmn", ".bpmn20.xml");

	/** Elements and attributes that name code to run (any namespace). */
	private static final Set<String> CODE_ELEMENTS = Set.of("script", "scriptTask", "connector");

	private static final Set<String> CODE_ATTRIBUTES = Set.of("class", "delegateExpression", "resource", "scriptFormat",
			"language", "variableMappingClass", "variableMappingDelegateExpression", "formHandlerClass");

	/** Text that is never evaluated: documentation, annotations, our agent properties. */
	private static final Set<String> INERT_ELEMENTS = Set.of("documentation", "text", "property", "string");

	/** Objects of the engine an expression can reach by name. */
	private static final Set<String> ENGINE_OBJECTS = Set.of("execution", "task", "caseExecution", "externalTask",
			"variableScope", "processEngine", "processEngineServices", "processEngineConfiguration");

	private static final Set<String> VARIABLE_METHODS = Set.of("getVariable", "getVariableLocal", "getVariableTyped",
			"getVariableLocalTyped", "hasVariable", "hasVariableLocal", "setVariable", "setVariableLocal",
			"removeVariable", "removeVariableLocal");

	private static final Set<String> ENGINE_PROPERTIES = Set.of("id", "processInstanceId", "processBusinessKey",
			"businessKey", "currentActivityId", "currentActivityName", "activityInstanceId", "eventName",
			"processDefinitionId", "name", "assignee", "owner", "taskDefinitionKey", "priority", "dueDate",
			"createTime");

	/**
	 * Read-only methods of strings, collections, maps and dates (Camunda's dateTime()).
	 */
	private static final Set<String> VALUE_METHODS = Set.of("size", "isEmpty", "contains", "containsKey", "get",
			"length", "equals", "toLowerCase", "toUpperCase", "trim", "startsWith", "endsWith", "indexOf", "substring",
			"toString", "plusYears", "plusMonths", "plusWeeks", "plusDays", "plusHours", "plusMinutes", "plusSeconds",
			"minusYears", "minusMonths", "minusWeeks", "minusDays", "minusHours", "minusMinutes", "minusSeconds",
			"toDate", "isBefore", "isAfter");

	private static final Set<String> FUNCTIONS = Set.of("currentUser", "currentUserGroups", "now", "dateTime");

	private static final Builder JUEL = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);

	private ModelCode() {
	}

	/** Why a person may not deploy this file, if they may not. */
	static Optional<String> refusal(String name, byte[] content) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".form")) {
			return BrowserContent.formRefusal(name, content);
		}
		if (BrowserContent.IMAGE_ENDINGS.stream().anyMatch(lower::endsWith)) {
			return BrowserContent.imageRefusal(name, content);
		}
		if (DIAGRAM_FILES.stream().noneMatch(lower::endsWith)) {
			return Optional.of("'" + name + "': only BPMN diagrams, Camunda Forms (.form) and images (PNG, JPEG, GIF, "
					+ "WebP) may be deployed by people who are not administrators; decisions, embedded HTML forms, "
					+ "SVG and scripts can carry code.");
		}
		Document document;
		try {
			document = parser().parse(new ByteArrayInputStream(content));
		}
		catch (Exception ex) {
			return Optional.of("'" + name + "' is not a BPMN XML document the engine accepts: " + ex.getMessage());
		}
		return instructionRefusal(document).or(() -> refusal(document.getDocumentElement()))
			.map((reason) -> "'" + name + "': " + reason);
	}

	/**
	 * A processing instruction ({@code <?xml-stylesheet …?>}) makes a browser that opens
	 * the diagram run a stylesheet that can write a page with scripts.
	 */
	private static Optional<String> instructionRefusal(org.w3c.dom.Node parent) {
		NodeList children = parent.getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			if (children.item(i).getNodeType() == org.w3c.dom.Node.PROCESSING_INSTRUCTION_NODE) {
				return Optional.of("processing instruction '<?" + children.item(i).getNodeName()
						+ " …?>' is not part of a diagram.");
			}
		}
		return Optional.empty();
	}

	private static Optional<String> refusal(Element element) {
		Optional<String> active = BrowserContent.elementRefusal(element).or(() -> instructionRefusal(element));
		if (active.isPresent()) {
			return active;
		}
		String elementName = element.getLocalName();
		if (CODE_ELEMENTS.contains(elementName)) {
			return Optional.of("element '" + element.getTagName() + "' runs a script or connector.");
		}
		if ("timerEventDefinition".equals(elementName) && startsAProcess(element.getParentNode())) {
			return Optional.of("a timer start event would start runs without anyone allowed to start them.");
		}
		boolean inert = INERT_ELEMENTS.contains(elementName);
		NamedNodeMap attributes = element.getAttributes();
		for (int i = 0; i < attributes.getLength(); i++) {
			Attr attribute = (Attr) attributes.item(i);
			String attributeName = (attribute.getLocalName() != null) ? attribute.getLocalName() : attribute.getName();
			if (CODE_ATTRIBUTES.contains(attributeName)) {
				return Optional
					.of("attribute '" + attribute.getName() + "' of '" + element.getTagName() + "' names code to run.");
			}
			if (!inert) {
				Optional<String> reason = expressionRefusal(attribute.getValue());
				if (reason.isPresent()) {
					return reason;
				}
			}
		}
		// The engine reads an element's text as one string, whatever comments or CDATA
		// sections split it: "$<!-- -->{...}" is an expression too.
		StringBuilder text = new StringBuilder();
		NodeList children = element.getChildNodes();
		for (int i = 0; i < children.getLength(); i++) {
			org.w3c.dom.Node child = children.item(i);
			if (child instanceof Element nested) {
				Optional<String> reason = refusal(nested);
				if (reason.isPresent()) {
					return reason;
				}
			}
			else if (child.getNodeType() == org.w3c.dom.Node.TEXT_NODE
					|| child.getNodeType() == org.w3c.dom.Node.CDATA_SECTION_NODE) {
				text.append(child.getNodeValue());
			}
		}
		return inert ? Optional.empty() : expressionRefusal(text.toString());
	}

	/** Why an attribute value or text that holds an expression may not run, if so. */
	static Optional<String> expressionRefusal(String text) {
		if (text == null || (!text.contains("${") && !text.contains("#{"))) {
			return Optional.empty();
		}
		try {
			return nodeRefusal(JUEL.build(text).getRoot()).map((reason) -> "expression '" + text + "' " + reason);
		}
		catch (TreeBuilderException ex) {
			return Optional.of("'" + text + "' is not an expression the engine accepts: " + ex.getMessage());
		}
	}

	private static Optional<String> nodeRefusal(Node node) {
		if (node instanceof AstFunction function) {
			if (!FUNCTIONS.contains(function.getName())) {
				return Optional.of("calls function '" + function.getName() + "'; allowed are " + FUNCTIONS + ".");
			}
			return childrenRefusal(node, 0);
		}
		if (node instanceof AstMethod) {
			if (!(node.getChild(0) instanceof AstDot dot)) {
				return Optional.of("calls a method whose name is computed.");
			}
			String method = name(dot);
			Node target = dot.getChild(0);
			if (target instanceof AstIdentifier identifier && ENGINE_OBJECTS.contains(identifier.getName())) {
				if (!VARIABLE_METHODS.contains(method)) {
					return Optional.of("calls '" + identifier.getName() + "." + method + "'; on engine objects only "
							+ VARIABLE_METHODS + " are allowed.");
				}
				return childrenRefusal(node, 1);
			}
			if (!VALUE_METHODS.contains(method)) {
				return Optional.of("calls method '" + method + "'; on values only " + VALUE_METHODS + " are allowed.");
			}
			return nodeRefusal(target).or(() -> childrenRefusal(node, 1));
		}
		if (node instanceof AstDot dot) {
			String property = name(dot);
			Node target = dot.getChild(0);
			if (target instanceof AstIdentifier identifier && ENGINE_OBJECTS.contains(identifier.getName())) {
				return ENGINE_PROPERTIES.contains(property) ? Optional.empty()
						: Optional.of("reads '" + identifier.getName() + "." + property + "'; of engine objects only "
								+ ENGINE_PROPERTIES + " may be read.");
			}
			if ("class".equals(property)) {
				return Optional.of("reads a class.");
			}
			return nodeRefusal(target);
		}
		if (node instanceof AstBracket) {
			Node target = node.getChild(0);
			if (target instanceof AstIdentifier identifier && ENGINE_OBJECTS.contains(identifier.getName())) {
				return Optional.of("reads '" + identifier.getName() + "[…]'.");
			}
			if (node.getChild(1) instanceof AstString key && "class".equals(key.eval(null, null))) {
				return Optional.of("reads a class.");
			}
			return childrenRefusal(node, 0);
		}
		if (node instanceof AstIdentifier identifier && ENGINE_OBJECTS.contains(identifier.getName())) {
			return Optional.of("uses '" + identifier.getName() + "' itself; only its variables may be used.");
		}
		return childrenRefusal(node, 0);
	}

	/** A start event of a process itself, not of an event subprocess inside a run. */
	private static boolean startsAProcess(org.w3c.dom.Node event) {
		return event instanceof Element start && "startEvent".equals(start.getLocalName())
				&& start.getParentNode() instanceof Element scope && "process".equals(scope.getLocalName());
	}

	private static Optional<String> childrenRefusal(Node node, int from) {
		for (int i = from; i < node.getCardinality(); i++) {
			Optional<String> reason = nodeRefusal(node.getChild(i));
			if (reason.isPresent()) {
				return reason;
			}
		}
		return Optional.empty();
	}

	/** The property or method name of {@code a.name}, as the parser prints it. */
	private static String name(AstDot dot) {
		return dot.toString().substring(2);
	}

	private static DocumentBuilder parser() throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		factory.setXIncludeAware(false);
		factory.setExpandEntityReferences(false);
		DocumentBuilder builder = factory.newDocumentBuilder();
		// The refusal tells what is wrong; nothing is printed to the console.
		builder.setErrorHandler(new DefaultHandler() {
			@Override
			public void fatalError(SAXParseException ex) throws SAXException {
				throw ex;
			}
		});
		return builder;
	}

}
