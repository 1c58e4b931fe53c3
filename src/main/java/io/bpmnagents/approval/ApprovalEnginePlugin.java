package io.bpmnagents.approval;

import io.bpmnagents.engine.EngineHooks;
import io.bpmnagents.transcript.TranscriptStore;
import io.bpmnagents.quota.QuotaRequestProperties;
import io.bpmnagents.quota.QuotaRequests;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Gives the approval task of {@code result-approval} its rules from configuration, not
 * from process variables, so they hold however the run was started (through
 * {@code /api/runs}, {@code /engine-rest} or Cockpit): the task is offered to
 * {@code bpmn-agents.approval.candidate-group}, and only members (and administrators)
 * take and complete it, and a completion carries the decision only
 * ({@link DecisionOnlyCommands}); the task shows the agents' answers that led to the
 * result ({@link ReviewContext}); a replay takes the original's decisions
 * ({@link ReplayedApprovals}). The same rules hold for a stalled conversation's decision
 * (whose decisions a replay takes as well) and for a request to allow more of a quota
 * ({@link QuotaDecision}).
 */
@Component
class ApprovalEnginePlugin extends AbstractProcessEnginePlugin {

	private final ApprovalProperties properties;

	private final ObjectProvider<IdentityService> identity;

	private final ReviewContext context;

	private final ObjectProvider<ToolArguments> tools;

	private final QuotaRequestProperties quotaRequests;

	private final ObjectProvider<QuotaRequests> requests;

	private final ObjectProvider<ReplayedApprovals> replays;

	ApprovalEnginePlugin(ApprovalProperties properties, ObjectProvider<IdentityService> identity,
			ObjectProvider<TranscriptStore> transcript, ObjectProvider<ToolArguments> tools,
			QuotaRequestProperties quotaRequests, ObjectProvider<QuotaRequests> requests,
			ObjectProvider<ReplayedApprovals> replays) {
		this.properties = properties;
		this.quotaRequests = quotaRequests;
		this.requests = requests;
		this.replays = replays;
		this.tools = tools;
		this.identity = identity;
		this.context = new ReviewContext(transcript);
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addParseListener(configuration, new AbstractBpmnParseListener() {
			@Override
			public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
				if (scope.getProcessDefinition() instanceof ProcessDefinitionEntity definition
						&& ResultApproval.KEY.equals(definition.getKey())
						&& ResultApproval.APPROVE_TASK.equals(activity.getId())
						&& activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
					String group = ApprovalEnginePlugin.this.properties.candidateGroup();
					ApprovalRules rules = ApprovalRules.of(group, ApprovalEnginePlugin.this.identity);
					userTask.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, rules::offer);
					userTask.getTaskDefinition()
						.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, ApprovalEnginePlugin.this.context::show);
					userTask.getTaskDefinition()
						.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, rules::checkAssignee);
					userTask.getTaskDefinition()
						.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, rules::checkDecider);
					// A replay takes the original's decisions instead of asking again.
					ObjectProvider<ReplayedApprovals> replays = ApprovalEnginePlugin.this.replays;
					userTask.getTaskDefinition()
						.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE,
								(task) -> replays.getObject().keep(task, ReplayedApprovals.RESULT));
					userTask.getTaskDefinition()
						.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE,
								(task) -> replays.getObject().redeliver(task, ReplayedApprovals.RESULT));
				}
				else if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask
						&& StallDecision.isDecision(userTask.getTaskDefinition())) {
					// A stalled conversation is decided by the approvers, under the same
					// rules, in whatever process the form is used.
					String group = ApprovalEnginePlugin.this.properties.candidateGroup();
					ApprovalRules rules = ApprovalRules.of(group, ApprovalEnginePlugin.this.identity);
					ObjectProvider<IdentityService> identity = ApprovalEnginePlugin.this.identity;
					var task = userTask.getTaskDefinition();
					task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, rules::offer);
					task.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, rules::checkAssignee);
					task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, rules::checkDecider);
					task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, (delegate) -> StallDecision
						.recordDecider(delegate, identity.getObject().getCurrentAuthentication(), group));
					// A replay takes the original's decisions here too.
					ObjectProvider<ReplayedApprovals> replays = ApprovalEnginePlugin.this.replays;
					task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE,
							(delegate) -> replays.getObject().keep(delegate, ReplayedApprovals.STALL));
					task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE,
							(delegate) -> replays.getObject().redeliver(delegate, ReplayedApprovals.STALL));
				}
				else if (scope.getProcessDefinition() instanceof ProcessDefinitionEntity definition
						&& QuotaRequests.PROCESS_KEY.equals(definition.getKey())
						&& QuotaDecision.TASK.equals(activity.getId())
						&& activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
					addQuotaDecision(userTask);
				}
			}

			@Override
			public void parseProcess(Element element, ProcessDefinitionEntity definition) {
				if (QuotaRequests.PROCESS_KEY.equals(definition.getKey())) {
					definition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
							(ExecutionListener) QuotaDecision::checkStart);
				}
			}
		});
		// Inside the command context, so the task and the person are known; on both
		// executors, whichever a route uses.
		EngineHooks.addCommandInterceptor(configuration, EngineHooks.Interceptor.INSIDE_CONTEXT,
				() -> new DecisionOnlyCommands(this.tools));
	}

	/**
	 * A request to allow more of a quota is offered to the quota's deciders (by default
	 * the administrators) under the approvals' rules, and its decision recorded when it
	 * completes.
	 */
	private void addQuotaDecision(UserTaskActivityBehavior userTask) {
		String group = this.quotaRequests.candidateGroup();
		ApprovalRules rules = ApprovalRules.of(group, this.identity);
		var task = userTask.getTaskDefinition();
		task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, rules::offer);
		task.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, rules::checkAssignee);
		task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, rules::checkDecider);
		task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, (delegate) -> QuotaDecision.record(delegate,
				this.requests.getObject(), this.identity.getObject().getCurrentAuthentication(), group));
	}

}
