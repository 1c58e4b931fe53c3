package io.bpmnagents.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.bpmnagents.tool.ToolProperties;
import jakarta.annotation.PreDestroy;

import org.springframework.stereotype.Component;

/**
 * Runs the tool calls of one reply together, at most
 * {@code bpmn-agents.tools.max-concurrent} at a time: the asking thread and as many
 * helpers as the bound allows take the calls in order from one queue. The helpers come
 * from an unbounded pool, so a tool call that asks an agent (whose own tools run the same
 * way) never waits for a thread that only its caller could free.
 */
@Component
class ToolCallRunner {

	private final int bound;

	private final ExecutorService helpers;

	ToolCallRunner(ToolProperties properties) {
		this.bound = properties.maxConcurrent();
		AtomicInteger count = new AtomicInteger();
		this.helpers = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "agent-tool-call-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Runs every call and returns when all have ended; the first failure, if any, is
	 * thrown then (the others have run to their end, each recording its own outcome).
	 */
	void runAll(List<Runnable> calls) {
		if (calls.size() <= 1 || this.bound == 1) {
			calls.forEach(Runnable::run);
			return;
		}
		AtomicInteger next = new AtomicInteger();
		Runnable worker = () -> {
			for (int i = next.getAndIncrement(); i < calls.size(); i = next.getAndIncrement()) {
				calls.get(i).run();
			}
		};
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (int i = 1; i < Math.min(this.bound, calls.size()); i++) {
			running.add(CompletableFuture.runAsync(worker, this.helpers));
		}
		RuntimeException failure = null;
		try {
			worker.run();
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		for (CompletableFuture<Void> helper : running) {
			try {
				helper.join();
			}
			catch (CompletionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@PreDestroy
	void stop() {
		this.helpers.shutdownNow();
	}

}
