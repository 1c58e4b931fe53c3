package io.bpmnagents.a2a;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.a2a.spec.DataPart;
import io.a2a.spec.FilePart;
import io.a2a.spec.FileWithBytes;
import io.a2a.spec.FileWithUri;
import io.a2a.spec.Part;
import io.a2a.spec.TextPart;
import io.a2a.util.Utils;

/**
 * The text of a remote agent's parts, as an agent's answer: text as it is, data as JSON,
 * a file by its name or URI (its bytes are not taken into an answer).
 */
final class RemoteText {

	private RemoteText() {
	}

	static String of(List<Part<?>> parts) {
		if (parts == null) {
			return "";
		}
		return parts.stream().map(RemoteText::of).filter((text) -> !text.isEmpty()).collect(Collectors.joining("\n"));
	}

	private static String of(Part<?> part) {
		if (part instanceof TextPart text) {
			return (text.getText() != null) ? text.getText() : "";
		}
		if (part instanceof DataPart data) {
			try {
				return Utils.OBJECT_MAPPER.writeValueAsString(data.getData());
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("A data part could not be written as JSON", ex);
			}
		}
		if (part instanceof FilePart file) {
			String name = (file.getFile() instanceof FileWithUri uri) ? uri.uri()
					: ((FileWithBytes) file.getFile()).name();
			return "[file " + name + "]";
		}
		return "";
	}

}
