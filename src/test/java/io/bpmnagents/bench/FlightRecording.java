package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A JDK Flight Recorder recording of one phase of a benchmark, with JFR's "profile"
 * settings (CPU samples every 10 ms, allocation samples), written to the file named by
 * {@code -Dbench.jfr=...} when the phase ends; nothing is recorded without it. Read it
 * with {@code jfr print --events jdk.ExecutionSample} or {@code jfr view hot-methods}.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class FlightRecording implements AutoCloseable {

	private final Recording recording;

	private final Path file;

	static FlightRecording startIfAsked() {
		return startIfAsked("bench.jfr");
	}

	/**
	 * As {@link #startIfAsked()}, to the file the system property {@code property} names.
	 */
	static FlightRecording startIfAsked(String property) {
		String file = System.getProperty(property, "");
		if (file.isBlank()) {
			return new FlightRecording(null, null);
		}
		try {
			Recording recording = new Recording(Configuration.getConfiguration("profile"));
			recording.setName("bench");
			recording.start();
			return new FlightRecording(recording, Path.of(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("JFR's profile settings do not parse", ex);
		}
	}

	@Override
	public void close() {
		if (this.recording == null) {
			return;
		}
		try {
			this.recording.stop();
			this.recording.dump(this.file);
			System.out.println("BENCH JFR recording written to " + this.file.toAbsolutePath());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.recording.close();
		}
	}

}
