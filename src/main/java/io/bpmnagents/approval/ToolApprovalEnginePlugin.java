package io.bpmnagents.approval;

import io.bpmnagents.engine.EngineHooks;
import io.bpmnagents.transcript.ToolCallStore;
import io.bpmnagents.transcript.TranscriptStore;
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
 * Gives the {@code tool-approval} process its rules from configuration and the app's
 * code, not from the diagram, so they hold however it was deployed: its start is checked
 * and its deadline set, its task is offered to
 * {@code bpmn-agents.approval.candidate-group} (after an escalating deadline, to
 * {@code tool-calls.escalation-group}) and only their members and administrators take and
 * decide it, with the decision's fields only ({@link DecisionOnlyCommands}, installed by
 * {@link ApprovalEnginePlugin}); its end records the decision
 * ({@link ToolApprovalDecisions}).
 */
@Component
class ToolApprovalEnginePlugin extends AbstractProcessEnginePlugin {

	private final ApprovalProperties properties;

	private final ObjectProvider<IdentityService> identity;

	private final ToolApprovalDecisions decisions;

	ToolApprovalEnginePlugin(ApprovalProperties properties, ObjectProvider<IdentityService> identity,
			ObjectProvider<ToolCallStore> toolCalls, ObjectProvider<TranscriptStore> transcript,
			ObjectProvider<ToolArguments> tools) {
		this.properties = properties;
		this.identity = identity;
		this.decisions = new ToolApprovalDecisions(toolCalls, transcript, tools, properties,
				() -> identity.getObject().getCurrentAuthentication());
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addParseListener(configuration, new AbstractBpmnParseListener() {

			@Override
			public void parseStartEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
				if (isToolApproval(scope)) {
					activity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
							(ExecutionListener) decisions::begin);
				}
			}

			@Override
			public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
				if (isToolApproval(scope)) {
					activity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
							(ExecutionListener) decisions::record);
				}
			}

			@Override
			public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
				if (isToolApproval(scope) && ToolApproval.TASKS.contains(activity.getId())
						&& activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
					String group = ToolApproval.ESCALATED_TASK.equals(activity.getId())
							? properties.toolCalls().escalationGroup() : properties.candidateGroup();
					ApprovalRules rules = ApprovalRules.of(group, identity);
					var definition = userTask.getTaskDefinition();
					definition.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, rules::offer);
					definition.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, decisions::show);
					definition.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, rules::checkAssignee);
					definition.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, rules::checkDecider);
					definition.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, decisions::check);
				}
			}

		});
	}

	private static boolean isToolApproval(ScopeImpl scope) {
		return scope.getProcessDefinition() instanceof ProcessDefinitionEntity definition
				&& ToolApproval.KEY.equals(definition.getKey());
	}

}
