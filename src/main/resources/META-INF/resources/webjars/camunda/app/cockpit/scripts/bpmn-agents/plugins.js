/*
 * bpmn-agents Cockpit plugins (Camunda 7.14+ frontend plugin API, plain ES module, no build).
 *
 * - "Agent calls" tab on a process instance: every model call of the run, live while it runs.
 * - "Agent messages" tab on a process instance: what the run's agents sent each other.
 * - "Agent runs" page (navigation + route): find runs, running or finished, and open one:
 *   its path on the diagram, its variables at the end, its incidents and its agent calls.
 * - "Waiting for a person" tab on a process instance (and a section on the Agent runs run
 *   page): the run's open user tasks, also those of processes it called (an approval waits
 *   in result-approval), each linked to Tasklist.
 * - "Agent figures" tab on a process definition: per agent calls, tokens, cost, latency.
 * - "Agent quotas" on the dashboard: each quota the person may see, its use against its limit.
 * - "Ask an agent" page (navigation + route): one question to one agent, its answer and cost.
 * - "Evaluations" page (navigation + route): evaluations with their counts, cost and time
 *   against the originals, and one case side by side (outcomes, diff, verdict, where it went live).
 *
 * Each view is a module of its own next to this file (api.js, dom.js, calls.js, messages.js,
 * waiting.js, diagram.js, runs.js, figures.js, quotas.js, ask.js, evaluations.js), loaded by the
 * browser as ES modules.
 *
 * Data comes from the app's /api with the Cockpit login (session cookie + X-XSRF-TOKEN).
 * Whatever comes from users or models is put into the page as text (textContent), never
 * as HTML.
 */

import { getJson } from './api.js';
import { askAgentRoute } from './ask.js';
import { agentCalls } from './calls.js';
import { el } from './dom.js';
import { agentEvaluationsRoute } from './evaluations.js';
import { figuresTab } from './figures.js';
import { agentMessages } from './messages.js';
import { agentQuotas } from './quotas.js';
import { agentRunsRoute, runLink } from './runs.js';
import { waitingTasks } from './waiting.js';

(function addStylesheet() {
  if (!document.getElementById('bpmn-agents-css')) {
    const link = document.createElement('link');
    link.id = 'bpmn-agents-css';
    link.rel = 'stylesheet';
    link.href = new URL('plugins.css', import.meta.url).href;
    document.head.appendChild(link);
  }
})();

/* ---------------------------------------------------------------- the plugins ---- */

const stoppers = new Set();

function tracked(stop) {
  stoppers.add(stop);
  return stop;
}

function stopAll() {
  stoppers.forEach((stop) => stop());
  stoppers.clear();
}

/**
 * A tab of Cockpit's process-instance page that shows `view` for the instance's run: a
 * called process's instance belongs to the run of its root instance. `intro` gives what
 * stands above the view.
 */
function runTab(id, priority, label, intro, view) {
  return {
    id,
    pluginPoint: 'cockpit.processInstance.runtime.tab',
    priority,
    properties: { label },
    render: (node, { api, processInstanceId }) => {
      node.replaceChildren(el('p', { className: 'text-muted', text: 'Loading…' }));
      getJson(api.engineApi + '/history/process-instance/' + encodeURIComponent(processInstanceId), api)
        .then((instance) => instance.rootProcessInstanceId || processInstanceId)
        .catch(() => processInstanceId)
        .then((runId) => {
          const box = el('div');
          node.replaceChildren(el('div', { className: 'ba-tab' }, intro(runId, processInstanceId), box));
          tracked(view(box, runId, api));
        });
    },
    unmount: stopAll
  };
}

export default [
  runTab('bpmnAgentsAgentCalls', 20, 'Agent calls', (runId, processInstanceId) => [
    runId !== processInstanceId ? el('p', { className: 'text-muted', text: 'Calls of the whole run ' + runId + '.' }) : null,
    el('p', {}, el('a', { href: runLink(runId), text: 'Open in Agent runs (path, variables, incidents)' }))
  ], agentCalls),
  // right after "Agent calls"
  runTab('bpmnAgentsMessages', 19, 'Agent messages', (runId, processInstanceId) =>
    runId !== processInstanceId ? el('p', { className: 'text-muted', text: 'Messages of the whole run ' + runId + '.' }) : null,
  agentMessages),
  // right after "Agent messages"; an approval waits in the called result-approval, and the
  // root's page shows it too
  runTab('bpmnAgentsWaiting', 18, 'Waiting for a person', (runId) => el('p', { className: 'text-muted',
    text: 'Tasks of the whole run ' + runId + ', including the processes it called, that wait for a person.' }),
  waitingTasks),
  {
    id: 'bpmnAgentsFigures',
    pluginPoint: 'cockpit.processDefinition.runtime.tab',
    // after Cockpit's own tabs: "Process Instances" stays the one a definition opens on
    priority: -10,
    properties: { label: 'Agent figures' },
    render: (node, { api, processDefinitionId }) => figuresTab(node, processDefinitionId, api)
  },
  {
    id: 'bpmnAgentsQuotas',
    pluginPoint: 'cockpit.dashboard',
    priority: 5,
    properties: { label: 'Agent quotas' },
    render: (node, { api }) => agentQuotas(node, api)
  },
  {
    id: 'bpmnAgentsRunsNavigation',
    pluginPoint: 'cockpit.navigation',
    priority: 20,
    properties: { path: '/agent-runs' },
    render: (node) => {
      node.replaceChildren(el('a', { href: '#/agent-runs', text: 'Agent runs' }));
    }
  },
  {
    id: 'bpmnAgentsEvaluationsNavigation',
    pluginPoint: 'cockpit.navigation',
    priority: 19,
    properties: { path: '/agent-evaluations' },
    render: (node) => {
      node.replaceChildren(el('a', { href: '#/agent-evaluations', text: 'Evaluations' }));
    }
  },
  {
    id: 'bpmnAgentsEvaluations',
    pluginPoint: 'cockpit.route',
    properties: { path: '/agent-evaluations', label: 'Evaluations' },
    render: (node, { api }) => {
      tracked(agentEvaluationsRoute(node, api));
    },
    unmount: stopAll
  },
  {
    id: 'bpmnAgentsRuns',
    pluginPoint: 'cockpit.route',
    properties: { path: '/agent-runs', label: 'Agent runs' },
    render: (node, { api }) => {
      tracked(agentRunsRoute(node, api));
    },
    unmount: stopAll
  },
  {
    id: 'bpmnAgentsAskNavigation',
    pluginPoint: 'cockpit.navigation',
    priority: 19,
    properties: { path: '/agent-ask' },
    render: (node) => {
      node.replaceChildren(el('a', { href: '#/agent-ask', text: 'Ask an agent' }));
    }
  },
  {
    id: 'bpmnAgentsAsk',
    pluginPoint: 'cockpit.route',
    properties: { path: '/agent-ask', label: 'Ask an agent' },
    render: (node, { api }) => askAgentRoute(node, api)
  }
];
