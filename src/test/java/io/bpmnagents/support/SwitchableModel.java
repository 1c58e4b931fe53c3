package io.bpmnagents.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/** The app's model (the simulator over HTTP), which a test may replace for a while. */
public class SwitchableModel implements ChatModel {

	private final ChatModel app;

	private volatile ChatModel current;

	SwitchableModel(ChatModel app) {
		this.app = app;
		this.current = app;
	}

	/** Answers with {@code model} until {@link #reset()}. */
	public void use(ChatModel model) {
		this.current = model;
	}

	public void reset() {
		this.current = this.app;
	}

	/**
	 * Holds the first call that {@code which} picks (it is asked of every call, in order)
	 * until {@link Hold#release()}, then lets it through to the model answering until
	 * now, so a test acts while a call is in flight, without waiting a while; holds added
	 * one after the other each hold their call, until {@link #reset()}.
	 */
	public Hold hold(Predicate<ChatRequest> which) {
		Hold hold = new Hold(which);
		ChatModel before = this.current;
		this.current = new ChatModel() {

			@Override
			public ChatResponse doChat(ChatRequest request) {
				hold.pass(request);
				return before.chat(request);
			}

		};
		return hold;
	}

	@Override
	public ChatResponse doChat(ChatRequest request) {
		return this.current.chat(request);
	}

	/** A call held by {@link SwitchableModel#hold(Predicate)}. */
	@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
	public static final class Hold {

		private static final long LIMIT_SECONDS = 60;

		private final Predicate<ChatRequest> which;

		private final AtomicBoolean taken = new AtomicBoolean();

		private final CountDownLatch reached = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private void pass(ChatRequest request) {
			if (this.which.test(request) && this.taken.compareAndSet(false, true)) {
				this.reached.countDown();
				await(this.released, "released");
			}
		}

		/** Waits until the call is being held. */
		public void awaitHeld() {
			await(this.reached, "made");
		}

		public void release() {
			this.released.countDown();
		}

		private static void await(CountDownLatch latch, String what) {
			try {
				if (!latch.await(LIMIT_SECONDS, TimeUnit.SECONDS)) {
					throw new IllegalStateException(
							"The held call was not " + what + " within " + LIMIT_SECONDS + " seconds");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
