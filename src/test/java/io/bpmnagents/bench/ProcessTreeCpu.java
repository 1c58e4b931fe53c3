package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CPU of a server that runs as a tree of processes, such as PostgreSQL's postmaster
 * and the backends it forks, read from {@code /proc/<pid>/stat} (Linux). Backends come
 * and go, so a process that ended would take its CPU with it; the kernel adds a child's
 * utime + stime (and what it had reaped) to its parent's cutime + cstime when the parent
 * reaps it, and the postmaster reaps its children at once. So a reading is the root's
 * utime + stime + cutime + cstime plus the same of every live descendant: each process's
 * CPU counted once, whether it still runs or has ended. What can be lost: a process whose
 * parent ended before it (re-parented to init), and, once per reading, a child reaped
 * between the root's line and its own being read.
 */
final class ProcessTreeCpu {

	/** The kernel's clock ticks per second, in which {@code /proc} counts CPU. */
	private static final long TICKS = clockTicks();

	private final ProcessHandle root;

	ProcessTreeCpu(long rootPid) {
		this.root = ProcessHandle.of(rootPid)
			.orElseThrow(() -> new IllegalStateException("No process " + rootPid + " to measure"));
	}

	/** The tree's CPU so far, ended processes included, and the processes alive now. */
	Reading read() {
		long ticks = ticks(this.root.pid());
		if (ticks < 0) {
			throw new IllegalStateException("The measured server (process " + this.root.pid() + ") has ended");
		}
		Set<Long> alive = new HashSet<>();
		List<ProcessHandle> descendants = this.root.descendants().toList();
		for (ProcessHandle process : descendants) {
			long spent = ticks(process.pid());
			if (spent >= 0) {
				ticks += spent;
				alive.add(process.pid());
			}
		}
		return new Reading(Duration.ofMillis(ticks * 1000 / TICKS), alive);
	}

	/**
	 * utime + stime + cutime + cstime of one process, in clock ticks; -1 if it has ended.
	 */
	private static long ticks(long pid) {
		String stat;
		try {
			stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ended) {
			return -1;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// Fields 14-17; the name (field 2, in parentheses) may contain spaces, so count
		// from its closing parenthesis: field 3 is the first after it.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Stream.of(fields[11], fields[12], fields[13], fields[14]).mapToLong(Long::parseLong).sum();
	}

	private static long clockTicks() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
			String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			return (getconf.waitFor() == 0) ? Long.parseLong(ticks) : 100;
		}
		catch (IOException | NumberFormatException ex) {
			// Linux's USER_HZ everywhere but on unusual builds.
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	/**
	 * The tree's CPU at one point, and the processes alive then.
	 *
	 * @param cpu the CPU of every process of the tree so far, ended ones included
	 * @param alive the process ids of the root's live descendants
	 */
	record Reading(Duration cpu, Set<Long> alive) {

		Duration since(Reading earlier) {
			return this.cpu.minus(earlier.cpu);
		}

		/**
		 * Processes alive at {@code earlier} and ended since, their CPU counted by their
		 * parent's.
		 */
		long endedSince(Reading earlier) {
			return earlier.alive.stream().filter((pid) -> !this.alive.contains(pid)).count();
		}

		/** Processes started since {@code earlier} and still alive. */
		long startedSince(Reading earlier) {
			return this.alive.stream().filter((pid) -> !earlier.alive.contains(pid)).count();
		}

	}

}
