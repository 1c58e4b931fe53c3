package io.bpmnagents.agent;

import io.bpmnagents.llm.ModelReply;

/**
 * One link of the model call chain ({@link ModelCallChain}, where their order is): it may
 * look at or change the call, hand it on, and look at or change the reply on its way
 * back, or refuse the call by throwing.
 */
@FunctionalInterface
public interface CallLink {

	ModelReply call(ModelCall call, Next next);

	/** The rest of the chain after a link. */
	@FunctionalInterface
	interface Next {

		ModelReply proceed(ModelCall call);

	}

	/**
	 * A check of what goes to the model (an input guardrail), run in bean order before
	 * the call is recorded: a refused call is not in the transcript.
	 */
	interface Input extends CallLink {

	}

	/**
	 * A check of what the model answered (an output guardrail), run in bean order before
	 * the answer is recorded, so the transcript holds what the check let through.
	 */
	interface Output extends CallLink {

	}

}
