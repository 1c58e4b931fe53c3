/*
 * bpmn-agents Cockpit plugins, the Agent runs page: find runs, running or finished, and open one: its path on the
 * diagram, its variables at the end, its incidents, its agent calls and messages.
 */

import { API, getJson, getText } from './api.js';
import { agentCalls } from './calls.js';
import { pathDiagram } from './diagram.js';
import { cost, el, json, longText, number, problem, statusLabel, when } from './dom.js';
import { agentMessages } from './messages.js';
import { waitingTasks } from './waiting.js';

function hashParam(name) {
  const query = window.location.hash.split('?')[1] || '';
  return new URLSearchParams(query).get(name);
}

export function runLink(id) {
  return '#/agent-runs?run=' + encodeURIComponent(id);
}

const search = {
  process: '', status: '', startedFrom: '', startedTo: '', text: '', page: 0, size: 20
};

/**
 * The Agent runs route: the list, or one run (?run=), drawn again when `run` changes only.
 * Cockpit's diagram widget keeps its zoom in the URL's query (?viewbox=), as on Cockpit's own
 * pages, and a plugin's route would reload on each of those changes (every zoom and pan):
 * this route does not reload on a change of the query.
 */
export function agentRunsRoute(node, api) {
  const route = window.angular.element(document.body).injector().get('$route').routes['/agent-runs'];
  if (route) route.reloadOnSearch = false;
  let shown = hashParam('run');
  let stop = runsPage(node, api);
  const follow = () => {
    if (hashParam('run') === shown) return;
    shown = hashParam('run');
    stop();
    stop = runsPage(node, api);
  };
  window.addEventListener('hashchange', follow);
  return () => {
    window.removeEventListener('hashchange', follow);
    stop();
  };
}

function runsPage(node, api) {
  const runId = hashParam('run');
  if (runId) {
    return runPage(node, runId, api);
  }
  const field = (name, input) => {
    input.value = search[name];
    input.addEventListener('change', () => { search[name] = input.value; });
    input.name = name;
    return input;
  };
  const processes = el('datalist', { id: 'ba-processes' });
  const form = el('form', { className: 'form-inline ba-search', onsubmit: (event) => {
    event.preventDefault();
    Array.from(form.elements).forEach((input) => { if (input.name) search[input.name] = input.value; });
    search.page = 0;
    load();
  } },
  el('div', { className: 'form-group' }, el('label', { text: 'Process' }),
    field('process', el('input', { className: 'form-control input-sm', list: 'ba-processes', placeholder: 'any' }))),
  processes,
  el('div', { className: 'form-group' }, el('label', { text: 'Status' }),
    field('status', el('select', { className: 'form-control input-sm' },
      ['', 'RUNNING', 'COMPLETED', 'FAILED', 'TIMED_OUT', 'STOPPED'].map((status) => el('option', { value: status, text: status || 'any' }))))),
  el('div', { className: 'form-group' }, el('label', { text: 'Started from' }),
    field('startedFrom', el('input', { className: 'form-control input-sm', type: 'date' }))),
  el('div', { className: 'form-group' }, el('label', { text: 'to' }),
    field('startedTo', el('input', { className: 'form-control input-sm', type: 'date' }))),
  el('div', { className: 'form-group' }, el('label', { text: 'Text' }),
    field('text', el('input', { className: 'form-control input-sm', type: 'search', maxlength: 200,
      placeholder: 'in prompts and answers, or a run id' }))),
  el('button', { type: 'submit', className: 'btn btn-primary btn-sm', text: 'Search' }));
  const results = el('div', { className: 'ba-results' });
  node.replaceChildren(el('div', { className: 'ba-page' },
    el('h2', { text: 'Agent runs' }),
    el('p', { className: 'text-muted', text: 'Runs you may see, running or finished, newest first. '
      + 'Open one for its path, variables, incidents and agent calls.' }),
    form, results));
  getJson(api.engineApi + '/process-definition?latestVersion=true&sortBy=key&sortOrder=asc', api)
    .then((definitions) => definitions.forEach((definition) =>
      processes.appendChild(el('option', { value: definition.key, text: definition.name || definition.key }))))
    .catch(() => { /* the process field stays a free text */ });

  async function load() {
    const query = new URLSearchParams();
    Object.entries(search).forEach(([key, value]) => { if (value !== '' && value !== null) query.set(key, value); });
    results.replaceChildren(el('p', { className: 'text-muted', text: 'Loading…' }));
    try {
      const page = await getJson(API + 'runs?' + query, api);
      const first = page.total ? page.page * page.size + 1 : 0;
      const last = page.page * page.size + page.runs.length;
      const pager = el('div', { className: 'ba-pager' },
        el('button', { type: 'button', className: 'btn btn-default btn-sm', text: '‹ Newer',
          disabled: page.page === 0 ? 'disabled' : null,
          onclick: () => { search.page = page.page - 1; load(); } }), ' ',
        el('span', { text: first + '–' + last + ' of ' + page.total }), ' ',
        el('button', { type: 'button', className: 'btn btn-default btn-sm', text: 'Older ›',
          disabled: last >= page.total ? 'disabled' : null,
          onclick: () => { search.page = page.page + 1; load(); } }));
      const table = el('table', { className: 'table table-hover table-condensed cam-table ba-runs' },
        el('thead', {}, el('tr', {}, ['Run', 'Process', 'Status', 'Started', 'Ended', 'Started by', 'Calls',
          'Tokens', 'Cost'].map((title) => el('th', { text: title })))),
        el('tbody', {}, page.runs.map((run) => el('tr', { 'data-run-id': run.id },
          el('td', {}, el('a', { href: runLink(run.id), text: run.id })),
          el('td', { text: run.process + ' v' + run.processVersion }),
          el('td', {}, statusLabel(run.status)),
          el('td', { text: when(run.startedAt) }),
          el('td', { text: when(run.endedAt) }),
          el('td', { text: run.startedBy || '' }),
          el('td', { text: number(run.usage && run.usage.calls) }),
          el('td', { text: number(run.usage && (run.usage.promptTokens + run.usage.completionTokens)) }),
          el('td', { text: cost(run.usage && run.usage.cost) })))));
      results.replaceChildren(page.runs.length ? table : el('p', { className: 'ba-none', text: 'No runs match.' }), pager);
    } catch (error) {
      problem(results, error);
    }
  }

  load();
  return () => {};
}

function section(title, ...content) {
  return el('section', { className: 'ba-section' }, el('h3', { text: title }), content);
}

function runPage(node, runId, api) {
  let stopCalls = () => {};
  let stopMessages = () => {};
  let stopWaiting = () => {};
  let removeDiagram = () => {};
  node.replaceChildren(el('p', { className: 'text-muted', text: 'Loading run ' + runId + '…' }));
  getJson(API + 'runs/' + encodeURIComponent(runId) + '/history', api).then(async (record) => {
    const run = record.run;
    const facts = [
      ['Process', run.process + ' v' + run.processVersion],
      ['Started', when(run.startedAt)],
      ['Ended', when(run.endedAt)],
      ['Started by', record.startedBy]
    ].filter(([, value]) => value);
    const diagramNode = el('div');
    const callsNode = el('div');
    const messagesNode = el('div');
    const waitingNode = el('div');
    node.replaceChildren(el('div', { className: 'ba-page ba-run' },
      el('p', {}, el('a', { href: '#/agent-runs', text: '‹ All agent runs' }),
        run.status === 'RUNNING' ? [' · ', el('a', { href: '#/process-instance/' + encodeURIComponent(run.id) + '/runtime',
          text: 'Open the running instance in Cockpit' })] : null),
      el('h2', {}, el('span', { text: 'Run ' + run.id + ' ' }), statusLabel(run.status)),
      el('dl', { className: 'dl-horizontal ba-facts' }, facts.map(([name, value]) => [el('dt', { text: name }), el('dd', { text: value })])),
      run.status === 'RUNNING' ? section('Waiting for a person', waitingNode) : null,
      section('Path', diagramNode, pathTable(record.path)),
      section('Agent calls', callsNode),
      section('Messages between agents', messagesNode),
      section('Variables at the end', variablesTable(record.variables)),
      section('Incidents', incidentsTable(record.incidents))));
    stopCalls = agentCalls(callsNode, run.id, api);
    stopMessages = agentMessages(messagesNode, run.id, api);
    if (run.status === 'RUNNING') stopWaiting = waitingTasks(waitingNode, run.id, api);
    try {
      const xml = await getText(API + 'runs/' + encodeURIComponent(run.id) + '/diagram', api);
      removeDiagram = pathDiagram(diagramNode, xml, run.process, record.path);
    } catch (error) {
      diagramNode.replaceChildren(el('p', { className: 'text-muted', text: 'No diagram: ' + error.message }));
    }
  }).catch((error) => problem(node, error));
  return () => {
    stopCalls();
    stopMessages();
    stopWaiting();
    removeDiagram();
  };
}

function pathTable(path) {
  if (!path.length) return el('p', { className: 'ba-none', text: 'No activity recorded.' });
  return el('table', { className: 'table table-condensed cam-table ba-path' },
    el('thead', {}, el('tr', {}, ['Activity', 'Type', 'Process', 'Times', 'First started'].map((title) => el('th', { text: title })))),
    el('tbody', {}, path.map((visit) => el('tr', { 'data-activity-id': visit.activityId },
      el('td', { text: visit.name || visit.activityId, title: visit.activityId }),
      el('td', { text: visit.type }),
      el('td', { text: visit.process }),
      el('td', { text: visit.count + (visit.active ? ' (' + visit.active + ' running)' : '') }),
      el('td', { text: when(visit.firstStartedAt) })))));
}

function variablesTable(variables) {
  if (!variables.length) return el('p', { className: 'ba-none', text: 'No variables.' });
  return el('table', { className: 'table table-condensed cam-table ba-variables' },
    el('thead', {}, el('tr', {}, ['Name', 'Type', 'Value'].map((title) => el('th', { text: title })))),
    el('tbody', {}, variables.map((variable) => el('tr', {},
      el('td', { text: variable.name }),
      el('td', { text: variable.type }),
      el('td', {}, variable.error ? el('span', { className: 'text-danger', text: variable.error })
        : longText(json(variable.value)))))));
}

function incidentsTable(incidents) {
  if (!incidents.length) return el('p', { className: 'ba-none', text: 'No incidents.' });
  return el('table', { className: 'table table-condensed cam-table ba-incidents' },
    el('thead', {}, el('tr', {}, ['Activity', 'Type', 'Message', 'Created', 'Ended', 'State'].map((title) => el('th', { text: title })))),
    el('tbody', {}, incidents.map((incident) => el('tr', {},
      el('td', { text: incident.activityId + ' (' + incident.process + ')' }),
      el('td', { text: incident.type }),
      el('td', {}, longText(incident.message)),
      el('td', { text: when(incident.createdAt) }),
      el('td', { text: when(incident.endedAt) }),
      el('td', { text: incident.state })))));
}
