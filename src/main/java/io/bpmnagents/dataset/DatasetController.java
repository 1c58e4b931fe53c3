package io.bpmnagents.dataset;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The datasets API: {@code POST /api/datasets} makes one from cases or runs, {@code PUT
 * /api/datasets/{name}} imports a JSON Lines file, {@code GET} lists, shows (JSON) or
 * exports ({@code Accept: application/x-ndjson}) them, {@code DELETE} removes one. See
 * docs/datasets.md.
 */
@RestController
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class DatasetController {

	private final Datasets datasets;

	@PostMapping("/api/datasets")
	ResponseEntity<Datasets.DatasetView> create(@RequestBody Datasets.NewDataset request) {
		Datasets.DatasetView created = this.datasets.create(request);
		return ResponseEntity.created(URI.create("/api/datasets/" + created.name())).body(created);
	}

	@PutMapping(path = "/api/datasets/{name}", consumes = MediaType.APPLICATION_NDJSON_VALUE)
	ResponseEntity<Datasets.DatasetView> importLines(@PathVariable String name,
			@RequestParam(required = false) String process, @RequestBody byte[] file) {
		boolean created = this.datasets.importLines(name, process, file);
		Datasets.DatasetView view = this.datasets.view(name);
		return created ? ResponseEntity.created(URI.create("/api/datasets/" + name)).body(view)
				: ResponseEntity.ok(view);
	}

	@GetMapping("/api/datasets")
	List<DatasetStore.Dataset> all() {
		return this.datasets.all();
	}

	/**
	 * The dataset as JSON, or its cases as a JSON Lines file when the client names
	 * {@code application/x-ndjson} in {@code Accept}; decided here rather than by two
	 * mappings, which an {@code Accept: *}{@code /*} would match alike.
	 */
	@GetMapping("/api/datasets/{name}")
	ResponseEntity<?> view(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		if (!asksForLines(accept)) {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.datasets.view(name));
		}
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.APPLICATION_NDJSON, StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(name + ".jsonl").build().toString())
			.body(this.datasets.export(name));
	}

	private static boolean asksForLines(String accept) {
		try {
			return accept != null && MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((type) -> type.equalsTypeAndSubtype(MediaType.APPLICATION_NDJSON)
						&& type.getQualityValue() > 0);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	@DeleteMapping("/api/datasets/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.datasets.delete(name);
		return ResponseEntity.noContent().build();
	}

}
