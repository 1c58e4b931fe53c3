package io.bpmnagents.run;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApiJsonConfiguration {

	/**
	 * Timestamps always with milliseconds ("…T10:15:30.000Z"), so clients can parse one
	 * format.
	 */
	static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	@Bean
	Jackson2ObjectMapperBuilderCustomizer instantsWithMillis() {
		return (builder) -> builder.serializerByType(Instant.class, new StdSerializer<>(Instant.class) {

			@Override
			public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
					throws IOException {
				generator.writeString(ISO_MILLIS.format(value));
			}

		});
	}

}
