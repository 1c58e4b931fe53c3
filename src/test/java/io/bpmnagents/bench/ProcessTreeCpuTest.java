package io.bpmnagents.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What {@link ProcessTreeCpu} reads of a server whose processes come and go, as
 * PostgreSQL's backends do: a process that ended keeps its CPU in the tree.
 */
@EnabledOnOs(OS.LINUX)
class ProcessTreeCpuTest {

	@Test
	void aChildThatEndedKeepsItsCpuInTheTreeThroughTheParentThatReapedIt(@TempDir Path folder) throws Exception {
		// Given a shell whose child spins until told to stop, then a quiet child
		Path stop = folder.resolve("stop");
		Process shell = new ProcessBuilder("sh", "-c", "(while [ ! -e '" + stop + "' ]; do :; done); exec sleep 60")
			.start();
		try {
			ProcessTreeCpu tree = new ProcessTreeCpu(shell.pid());
			AtomicReference<ProcessTreeCpu.Reading> spinning = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				spinning.set(tree.read());
				return spinning.get().cpu().toMillis() >= 100 && spinning.get().alive().size() == 1;
			});

			// When the spinning child ends and the shell has reaped it
			Files.createFile(stop);
			AtomicReference<ProcessTreeCpu.Reading> ended = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				ended.set(tree.read());
				return ended.get().endedSince(spinning.get()) == 1;
			});

			// Then its CPU is still counted, though nothing is alive under the shell any
			// more
			assertThat(ended.get().since(spinning.get())).isGreaterThanOrEqualTo(Duration.ZERO);
			assertThat(ended.get().cpu()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
			assertThat(ended.get().startedSince(spinning.get())).isEqualTo(0);
			assertThat(ended.get().alive()).isEmpty();
		}
		finally {
			shell.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void aServerThatHasEndedIsNotReadAsIdle() throws Exception {
		Process shell = new ProcessBuilder("sh", "-c", "exec sleep 60").start();
		ProcessTreeCpu tree = new ProcessTreeCpu(shell.pid());
		shell.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

		assertThatThrownBy(tree::read).isInstanceOf(IllegalStateException.class).hasMessageContaining("has ended");
	}

}
