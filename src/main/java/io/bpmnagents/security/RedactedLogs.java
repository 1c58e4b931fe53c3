package io.bpmnagents.security;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.bpmnagents.transcript.Secrets;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Removes credentials from every log line, as the transcript does ({@link Secrets}): the
 * message, the exception's message and its causes', whoever logs them (the app, Camunda's
 * job executor, the model client). A configured URL with {@code user:password@}, a key in
 * a query or an Authorization value quoted by an error would otherwise reach the log
 * files and whoever collects them. Installed on each appender's encoder once Spring Boot
 * has set logging up, so it holds for any pattern or structured format configured; the
 * one secret the app logs on purpose, the generated admin password, is left as it is.
 */
class RedactedLogs implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final String ANNOUNCER = AdminPasswordAnnouncer.class.getName();

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		install();
	}

	static void install() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		for (Logger logger : context.getLoggerList()) {
			redact(logger);
		}
	}

	private static void redact(AppenderAttachable<ILoggingEvent> appenders) {
		for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext();) {
			Appender<ILoggingEvent> appender = it.next();
			if (appender instanceof OutputStreamAppender<ILoggingEvent> stream && stream.getEncoder() != null
					&& !(stream.getEncoder() instanceof RedactingEncoder)) {
				stream.setEncoder(new RedactingEncoder(stream.getEncoder()));
			}
			if (appender instanceof AppenderAttachable<?> nested) {
				@SuppressWarnings("unchecked")
				AppenderAttachable<ILoggingEvent> events = (AppenderAttachable<ILoggingEvent>) nested;
				redact(events);
			}
		}
	}

	/** An encoder whose output has credentials removed. */
	static final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

		private final Encoder<ILoggingEvent> encoder;

		private final Charset charset;

		RedactingEncoder(Encoder<ILoggingEvent> encoder) {
			this.encoder = encoder;
			Charset configured = (encoder instanceof LayoutWrappingEncoder<ILoggingEvent> layout) ? layout.getCharset()
					: null;
			this.charset = (configured != null) ? configured : StandardCharsets.UTF_8;
			setContext(encoder.getContext());
			super.start();
		}

		@Override
		public byte[] headerBytes() {
			return this.encoder.headerBytes();
		}

		@Override
		public byte[] encode(ILoggingEvent event) {
			byte[] line = this.encoder.encode(event);
			if (line == null || ANNOUNCER.equals(event.getLoggerName())) {
				return line;
			}
			String text = new String(line, this.charset);
			String redacted = Secrets.redact(text);
			return redacted.equals(text) ? line : redacted.getBytes(this.charset);
		}

		@Override
		public byte[] footerBytes() {
			return this.encoder.footerBytes();
		}

		@Override
		public void stop() {
			this.encoder.stop();
			super.stop();
		}

	}

}
