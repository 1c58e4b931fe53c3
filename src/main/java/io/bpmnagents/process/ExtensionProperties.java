package io.bpmnagents.process;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * The {@code camunda:property} extension properties of a BPMN element as the engine's
 * parser sees it: plain strings that a modeller sets in the Modeler, never evaluated.
 */
public final class ExtensionProperties {

	private ExtensionProperties() {
	}

	public static Map<String, String> of(Element element) {
		Map<String, String> properties = new HashMap<>();
		Element extensions = element.element("extensionElements");
		Element container = (extensions != null)
				? extensions.elementNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "properties") : null;
		if (container != null) {
			for (Element property : container.elementsNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "property")) {
				properties.put(property.attribute("name"), property.attribute("value"));
			}
		}
		return properties;
	}

}
