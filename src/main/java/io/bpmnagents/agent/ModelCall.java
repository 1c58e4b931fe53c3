package io.bpmnagents.agent;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.tracing.AgentTracing;
import io.bpmnagents.transcript.ChatTurn;

/**
 * One model call as it passes the links of {@link ModelCallChain}: what is asked, of
 * which agent, under which keys, and what the links learn on the way (the transcript
 * entry's id, the span's ids).
 */
public final class ModelCall {

	private final AgentRequest request;

	private final AgentDefinition agent;

	private final String callKey;

	private final String lockKey;

	private final int attempt;

	private final List<ToolSpecification> tools;

	private final String model;

	private final String replayOf;

	private List<ChatTurn> messages;

	private String prompt;

	private Guarded guarded;

	private String callId;

	private String traceId;

	private String spanId;

	private ModelReply reply;

	private final List<Runnable> onNotRecorded = new ArrayList<>();

	private Runnable beforeLive = () -> {
	};

	ModelCall(AgentRequest request, AgentDefinition agent, String callKey, String lockKey, List<ChatTurn> messages,
			int attempt, List<ToolSpecification> tools, String model, String replayOf) {
		this.request = request;
		this.agent = agent;
		this.callKey = callKey;
		this.lockKey = lockKey;
		this.messages = List.copyOf(messages);
		this.prompt = request.prompt();
		this.attempt = attempt;
		this.tools = List.copyOf(tools);
		this.model = model;
		this.replayOf = replayOf;
	}

	public AgentRequest request() {
		return this.request;
	}

	public AgentDefinition agent() {
		return this.agent;
	}

	/** Names the call within its task: what is recorded under it is reused. */
	public String callKey() {
		return this.callKey;
	}

	/** The external task whose lock the answer needs ({@code <task id>/…}). */
	String lockKey() {
		return this.lockKey;
	}

	public int attempt() {
		return this.attempt;
	}

	/** The tools offered in this call; empty: the model must answer. */
	public List<ToolSpecification> tools() {
		return this.tools;
	}

	/** The model asked for (the reply names the one that answered). */
	public String model() {
		return this.model;
	}

	/** The run whose recording answers, when the run is a replay; else null. */
	String replayOf() {
		return this.replayOf;
	}

	/** The chat sent: system prompt, memory, messages, prompt. */
	public List<ChatTurn> messages() {
		return this.messages;
	}

	/** Replaces the chat sent, e.g. with personal data redacted. */
	public void messages(List<ChatTurn> messages) {
		this.messages = List.copyOf(messages);
	}

	/** The prompt as sent and recorded: the request's, unless a link rewrote it. */
	public String prompt() {
		return this.prompt;
	}

	/** Replaces the prompt sent and recorded (e.g. redacted), in the chat too. */
	public void prompt(String prompt) {
		String original = this.prompt;
		this.messages = this.messages.stream()
			.map((turn) -> ("user".equals(turn.role()) && original.equals(turn.content())) ? new ChatTurn(turn.role(),
					prompt, turn.name(), turn.toolRequests(), turn.toolCallId(), turn.toolName()) : turn)
			.toList();
		this.prompt = prompt;
	}

	/** The guardrails of the call and their decisions so far; null: none. */
	Guarded guarded() {
		return this.guarded;
	}

	void guarded(Guarded guarded) {
		this.guarded = guarded;
	}

	/** The id of the call's transcript entry, once recorded as started. */
	public String callId() {
		return this.callId;
	}

	void callId(String callId) {
		this.callId = callId;
	}

	String traceId() {
		return this.traceId;
	}

	String spanId() {
		return this.spanId;
	}

	void span(String traceId, String spanId) {
		this.traceId = traceId;
		this.spanId = spanId;
	}

	/**
	 * The reply as the answerer gave it, before any link changed it; null until then.
	 */
	ModelReply reply() {
		return this.reply;
	}

	void answered(ModelReply reply) {
		this.reply = reply;
	}

	/** Something to give back if the answer is not recorded (a claimed recording). */
	void onNotRecorded(Runnable giveBack) {
		this.onNotRecorded.add(giveBack);
	}

	void notRecorded() {
		this.onNotRecorded.forEach(Runnable::run);
		this.onNotRecorded.clear();
	}

	/**
	 * What must happen before a replay's call asks the model after all (the replay went
	 * live): its reservation.
	 */
	void beforeLive(Runnable reserve) {
		this.beforeLive = reserve;
	}

	/** The replay's call goes live: the model will be asked. */
	void goingLive() {
		this.beforeLive.run();
	}

	AgentTracing.CallSite site() {
		return AgentService.site(this.request, this.agent);
	}

}
