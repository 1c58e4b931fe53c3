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
 *
 * Data comes from the app's /api with the Cockpit login (session cookie + X-XSRF-TOKEN).
 * Whatever comes from users or models is put into the page as text (textContent), never
 * as HTML.
 */

const API = new URL('../../../../../api/', import.meta.url).pathname;
const TASKLIST = new URL('../../../tasklist/default/', import.meta.url).pathname;
const POLL_MS = 1500;
const CLAMP_CHARS = 600;

(function addStylesheet() {
  if (!document.getElementById('bpmn-agents-css')) {
    const link = document.createElement('link');
    link.id = 'bpmn-agents-css';
    link.rel = 'stylesheet';
    link.href = new URL('plugins.css', import.meta.url).href;
    document.head.appendChild(link);
  }
})();

function csrfToken(api) {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : (api && api.CSRFToken) || '';
}

async function getJson(url, api) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken(api) }
  });
  if (!response.ok) {
    let detail = null;
    try {
      const body = await response.json();
      detail = body.detail || body.message;
    } catch (ignored) {
      // not JSON
    }
    throw new Error(detail || response.status + ' ' + response.statusText);
  }
  return response.json();
}

async function getText(url, api) {
  const response = await fetch(url, {
    credentials: 'same-origin',
    headers: { 'X-XSRF-TOKEN': csrfToken(api) }
  });
  if (!response.ok) {
    throw new Error(response.status + ' ' + response.statusText);
  }
  return response.text();
}

/** Builds an element; children that are strings become text nodes, never markup. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.entries(props || {}).forEach(([key, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, String(value));
  });
  children.flat(Infinity).forEach((child) => {
    if (child === null || child === undefined || child === false) return;
    node.appendChild(typeof child === 'string' || typeof child === 'number'
      ? document.createTextNode(String(child)) : child);
  });
  return node;
}

function when(instant) {
  if (!instant) return '';
  const date = new Date(instant);
  return isNaN(date) ? String(instant) : date.toLocaleString();
}

function number(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString();
}

function millis(value) {
  if (value === null || value === undefined) return '–';
  return value < 1000 ? value + ' ms' : (value / 1000).toFixed(value < 10000 ? 2 : 1) + ' s';
}

function cost(value) {
  return value === null || value === undefined ? '–' : '$' + Number(value).toFixed(4);
}

function statusLabel(status) {
  const kind = { RUNNING: 'info', COMPLETED: 'success', FAILED: 'danger' }[status] || 'warning';
  return el('span', { className: 'label label-' + kind, text: status });
}

function problem(node, error) {
  node.replaceChildren(el('div', { className: 'alert alert-danger', text: String(error.message || error) }));
}

/** A long text, wrapped, shortened with "Show all" when long; always as text. */
function longText(text, className) {
  const value = text === null || text === undefined ? '' : String(text);
  const pre = el('pre', { className: 'ba-text ' + (className || '') });
  if (value.length <= CLAMP_CHARS) {
    pre.textContent = value;
    return pre;
  }
  let open = false;
  const toggle = el('button', { type: 'button', className: 'btn btn-link btn-xs ba-toggle' });
  const show = () => {
    pre.textContent = open ? value : value.substring(0, CLAMP_CHARS) + ' …';
    toggle.textContent = open ? 'Show less' : 'Show all (' + value.length.toLocaleString() + ' characters)';
  };
  toggle.addEventListener('click', () => {
    open = !open;
    show();
  });
  show();
  return el('div', { className: 'ba-long' }, pre, toggle);
}

function json(value) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch (ignored) {
    return String(value);
  }
}

/* ---------------------------------------------------------------- agent calls ---- */

function callState(entry) {
  if (entry.error) return ['failed', 'danger'];
  if (entry.response !== undefined && entry.response !== null) return ['answered', 'success'];
  return ['in flight', 'info'];
}

// A person's decision on a tool call that needed approval (issue 18): who, when, what,
// why, and the arguments approved when they differ from the model's.
function approvalLine(approval) {
  const kinds = { pending: 'warning', approved: 'success', rejected: 'danger' };
  const words = approval.status === 'pending' ? 'waiting for a person\'s approval'
    : approval.status + ' by ' + approval.decidedBy + ' ' + when(approval.decidedAt)
      + (approval.reason ? ': ' + approval.reason : '');
  return el('div', { className: 'ba-approval' },
    el('span', { className: 'label label-' + (kinds[approval.status] || 'default'), text: 'approval' }),
    el('span', { text: ' ' + words }),
    approval.changed ? el('div', {}, el('em', { text: 'Approved with changed arguments:' }),
      longText(json(approval.arguments))) : null);
}

function callCard(entry, index) {
  const [state, kind] = callState(entry);
  const facts = [
    ['Model', entry.model],
    ['Activity', entry.activityId],
    ['Attempt', entry.attempt],
    ['Worker', entry.worker],
    ['Started', when(entry.startedAt)],
    ['Latency', entry.latencyMs !== undefined ? millis(entry.latencyMs) : null],
    ['Tokens', entry.promptTokens !== undefined || entry.completionTokens !== undefined
      ? number(entry.promptTokens) + ' in / ' + number(entry.completionTokens) + ' out' : null],
    ['Trace', entry.traceId]
  ].filter(([, value]) => value !== null && value !== undefined && value !== '');
  const body = el('div', { className: 'panel-body' },
    el('dl', { className: 'dl-horizontal ba-facts' },
      facts.map(([name, value]) => [el('dt', { text: name }), el('dd', { text: value })])),
    el('h5', { text: 'Prompt' }), longText(entry.prompt, 'ba-prompt'));
  const messages = entry.contextMessages || [];
  if (messages.length) {
    body.appendChild(el('details', { className: 'ba-messages' },
      el('summary', { text: 'Chat messages sent (' + messages.length + ')' }),
      messages.map((message) => el('div', { className: 'ba-message' },
        el('span', { className: 'label label-default ba-role', text: message.role || 'message' }),
        longText(message.content !== undefined ? message.content : json(message))))));
  }
  const toolCalls = entry.toolCalls || [];
  if (toolCalls.length) {
    body.appendChild(el('details', { className: 'ba-tools', open: 'open' },
      el('summary', { text: 'Tool calls (' + toolCalls.length + ')' }),
      toolCalls.map((call) => el('div', { className: 'ba-tool' },
        el('strong', { text: call.name || call.tool || 'tool' }),
        longText(json(call.arguments !== undefined ? call.arguments : call)),
        call.approval ? approvalLine(call.approval) : null,
        call.result !== undefined ? longText(json(call.result)) : null,
        call.error ? el('div', { className: 'text-danger', text: json(call.error) }) : null))));
  }
  if (entry.response !== undefined && entry.response !== null) {
    body.appendChild(el('h5', { text: 'Answer' }));
    body.appendChild(longText(entry.response, 'ba-answer'));
  }
  if (entry.error) {
    body.appendChild(el('h5', { className: 'text-danger', text: 'Error' }));
    body.appendChild(longText(entry.error, 'ba-error'));
  }
  if (entry.note) {
    body.appendChild(el('h5', { className: 'text-warning', text: 'Note' }));
    body.appendChild(longText(entry.note, 'ba-note'));
  }
  return el('div', { className: 'panel panel-default ba-call', 'data-call-id': entry.id },
    el('div', { className: 'panel-heading' },
      el('span', { className: 'ba-index', text: '#' + (index + 1) }), ' ',
      el('strong', { className: 'ba-agent', text: entry.agent }), ' ',
      el('span', { className: 'label label-' + kind + ' ba-state', text: state })),
    body);
}

function usageLine(run) {
  const usage = run.usage || {};
  return el('div', { className: 'ba-usage' },
    statusLabel(run.status), ' ',
    el('span', { text: number(usage.calls) + ' calls · ' + number(usage.promptTokens) + ' prompt + '
      + number(usage.completionTokens) + ' completion tokens · cost ' + cost(usage.cost) }));
}

/**
 * Shows the run's agent calls in `node` and, while the run goes on, polls for new ones.
 * Returns a function that stops the polling.
 */
function agentCalls(node, runId, api) {
  const header = el('div', { className: 'ba-calls-header' });
  const list = el('div', { className: 'ba-calls' });
  const note = el('p', { className: 'text-muted ba-note' });
  node.replaceChildren(el('div', { className: 'ba-agent-calls' }, header, note, list));
  const cards = new Map();
  return polled(node, async () => {
    const [run, transcript] = await Promise.all([
      getJson(API + 'runs/' + encodeURIComponent(runId), api),
      getJson(API + 'runs/' + encodeURIComponent(runId) + '/transcript', api)
    ]);
    header.replaceChildren(usageLine(run));
    transcript.forEach((entry, index) => {
      const signature = JSON.stringify([entry.endedAt, entry.error, entry.response, (entry.toolCalls || []).length,
        (entry.toolCalls || []).map((call) => [call.approval && call.approval.status, call.result !== undefined])]);
      const known = cards.get(entry.id);
      if (known && known.signature === signature) return;
      const card = callCard(entry, index);
      if (known) list.replaceChild(card, known.card);
      else list.appendChild(card);
      cards.set(entry.id, { card, signature });
    });
    note.textContent = transcript.length ? '' : (run.status === 'RUNNING'
      ? 'No agent call yet; new calls appear here as they start.' : 'This run made no agent calls.');
    return run;
  });
}

/**
 * Runs `refresh` (which shows what it read in `node` and returns the run) now and again
 * every POLL_MS while the run goes on and `node` is on the page. Returns a function that
 * stops the polling.
 */
function polled(node, refresh) {
  let timer = null;
  let stopped = false;
  async function again() {
    try {
      const run = await refresh();
      if (run.status === 'RUNNING' && !stopped && node.isConnected) {
        timer = setTimeout(again, POLL_MS);
      }
    } catch (error) {
      problem(node, error);
    }
  }
  again();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/* ------------------------------------------------------------ agent messages ---- */

function messagesTable(messages) {
  if (!messages.length) return el('p', { className: 'ba-none', text: 'No messages between agents.' });
  return el('table', { className: 'table table-condensed cam-table ba-agent-messages' },
    el('thead', {}, el('tr', {}, ['#', 'Type', 'From', 'To', 'Message', 'Sent', 'Delivered'].map((title) => el('th', { text: title })))),
    el('tbody', {}, messages.map((message, index) => el('tr', { 'data-message-id': message.id },
      el('td', { text: '#' + (index + 1) }),
      el('td', { text: message.type }),
      el('td', { text: message.from }),
      el('td', { text: message.to }),
      el('td', {}, longText(message.content)),
      el('td', { text: when(message.createdAt) }),
      el('td', { text: message.deliveredAt ? when(message.deliveredAt) : 'waiting for ' + message.to + '\'s next turn' })))));
}

/**
 * Shows the run's message history in `node`; polls while the run goes on. Returns a
 * function that stops the polling.
 */
function agentMessages(node, runId, api) {
  return polled(node, async () => {
    const [run, messages] = await Promise.all([
      getJson(API + 'runs/' + encodeURIComponent(runId), api),
      getJson(API + 'runs/' + encodeURIComponent(runId) + '/messages', api)
    ]);
    node.replaceChildren(messagesTable(messages));
    return run;
  });
}

/* ------------------------------------------------------- waiting for a person ---- */

function taskLink(task) {
  return TASKLIST + '#/?task=' + encodeURIComponent(task.id);
}

function waitingTable(run) {
  const tasks = run.userTasks || [];
  if (!tasks.length) {
    return el('p', { className: 'ba-none', text: run.status === 'RUNNING'
      ? 'Nothing waits for a person in this run.' : 'The run has ended; nothing waits for a person.' });
  }
  return el('table', { className: 'table table-condensed cam-table ba-waiting' },
    el('thead', {}, el('tr', {}, ['Task', 'Activity', 'Assignee', 'Waiting since', ''].map((title) => el('th', { text: title })))),
    el('tbody', {}, tasks.map((task) => el('tr', { 'data-task-id': task.id },
      el('td', { text: task.name || task.activityId }),
      el('td', { text: task.activityId }),
      el('td', { text: task.assignee || 'not claimed' }),
      el('td', { text: when(task.createdAt) }),
      el('td', {}, el('a', { className: 'ba-open-task', href: taskLink(task), text: 'Open in Tasklist' }))))));
}

/**
 * Shows in `node` the tasks of the run, and of the processes it called, that wait for a
 * person; polls while the run goes on. Returns a function that stops the polling.
 */
function waitingTasks(node, runId, api) {
  return polled(node, async () => {
    const run = await getJson(API + 'runs/' + encodeURIComponent(runId), api);
    node.replaceChildren(waitingTable(run));
    return run;
  });
}

/* ------------------------------------------------ diagram (Cockpit's BPMN viewer) ---- */

/**
 * Draws `xml` in `node` with Cockpit's own diagram widget (cam-widget-bpmn-viewer of
 * camunda-commons-ui, bpmn-js inside), so a run's diagram looks as Cockpit draws every diagram:
 * multi-instance, timer and gateway markers, zoom buttons. The widget is an AngularJS
 * directive, compiled by Cockpit's own application. Returns the bpmn-js viewer once the
 * diagram is drawn, and a function that removes the widget.
 */
function cockpitDiagram(node, xml) {
  const injector = window.angular.element(document.body).injector();
  const scope = injector.get('$rootScope').$new(true);
  const widget = document.createElement('div');
  // set one by one: el() takes on-load for an event listener
  Object.entries({ 'cam-widget-bpmn-viewer': '', 'diagram-data': 'xml', control: 'control', 'on-load': 'drawn()' })
    .forEach(([name, value]) => widget.setAttribute(name, value));
  const drawn = new Promise((resolve) => {
    scope.xml = xml;
    scope.control = {};
    scope.drawn = () => resolve(scope.control.getViewer());
  });
  node.replaceChildren(widget);
  injector.get('$compile')(widget)(scope);
  scope.$applyAsync();
  return { drawn, remove: () => scope.$destroy() };
}

/** How often the run passed an activity, as a badge above its top right corner. */
function countBadge(visit) {
  return el('span', {
    className: 'badge ba-count' + (visit.active > 0 ? ' ba-count-active' : ''),
    'data-activity-id': visit.activityId,
    title: (visit.name || visit.activityId) + ': passed ' + visit.count + '×'
      + (visit.active > 0 ? ', ' + visit.active + ' running' : ''),
    text: visit.count + '×'
  });
}

/**
 * Marks on the drawn diagram the activities of `processKey` the run passed (green) or is in
 * (blue), each with its count. Activities of processes the run called have no shape here.
 */
function markPath(viewer, processKey, visits) {
  const shapes = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  const overlays = viewer.get('overlays');
  visits.filter((visit) => visit.process === processKey && shapes.get(visit.activityId))
    .forEach((visit) => {
      canvas.addMarker(visit.activityId, visit.active > 0 ? 'ba-active' : 'ba-visited');
      overlays.add(visit.activityId, 'ba-count', {
        position: { top: -10, right: 10 },
        show: { minZoom: -Infinity, maxZoom: Infinity },
        html: countBadge(visit)
      });
    });
}

/** The run's path on its diagram; returns a function that removes the diagram. */
function pathDiagram(node, xml, processKey, visits) {
  const box = el('div', { className: 'ba-diagram', role: 'img',
    'aria-label': 'Diagram of ' + processKey + ' with the activities this run passed' });
  node.replaceChildren(box);
  const diagram = cockpitDiagram(box, xml);
  diagram.drawn.then((viewer) => markPath(viewer, processKey, visits));
  return diagram.remove;
}

/* ----------------------------------------------------------------- runs page ---- */

function hashParam(name) {
  const query = window.location.hash.split('?')[1] || '';
  return new URLSearchParams(query).get(name);
}

function runLink(id) {
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
function agentRunsRoute(node, api) {
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

/* ----------------------------------------------------------- figures per process ---- */

function figuresTab(node, definitionId, api) {
  node.replaceChildren(el('p', { className: 'text-muted', text: 'Loading…' }));
  getJson(api.engineApi + '/process-definition/' + encodeURIComponent(definitionId), api)
    .then((definition) => getJson(API + 'processes/' + encodeURIComponent(definition.key) + '/agent-figures', api))
    .then((figures) => {
      const scope = figures.runs + ' runs of ' + figures.process + ' (all versions'
        + (figures.allRuns ? ')' : '; only the runs you started)');
      if (!figures.agents.length) {
        node.replaceChildren(el('p', { className: 'ba-none', text: 'No agent calls yet: ' + scope + '.' }));
        return;
      }
      node.replaceChildren(el('div', { className: 'ba-figures' },
        el('p', { className: 'text-muted', text: scope + '. Latency of answered and failed calls; cost by llm.prices.' }),
        el('table', { className: 'table table-condensed cam-table' },
          el('thead', {}, el('tr', {}, ['Agent', 'Calls', 'Failed', 'Prompt tokens', 'Completion tokens', 'Cost',
            'p50', 'p90', 'p99', 'Max'].map((title) => el('th', { text: title })))),
          el('tbody', {}, figures.agents.map((agent) => el('tr', { 'data-agent': agent.agent },
            el('td', { text: agent.agent }),
            el('td', { text: number(agent.calls) }),
            el('td', { text: number(agent.failed) }),
            el('td', { text: number(agent.promptTokens) }),
            el('td', { text: number(agent.completionTokens) }),
            el('td', { text: cost(agent.cost) }),
            el('td', { text: millis(agent.latencyP50) }),
            el('td', { text: millis(agent.latencyP90) }),
            el('td', { text: millis(agent.latencyP99) }),
            el('td', { text: millis(agent.latencyMax) })))))));
    })
    .catch((error) => problem(node, error));
}

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
    id: 'bpmnAgentsRunsNavigation',
    pluginPoint: 'cockpit.navigation',
    priority: 20,
    properties: { path: '/agent-runs' },
    render: (node) => {
      node.replaceChildren(el('a', { href: '#/agent-runs', text: 'Agent runs' }));
    }
  },
  {
    id: 'bpmnAgentsRuns',
    pluginPoint: 'cockpit.route',
    properties: { path: '/agent-runs', label: 'Agent runs' },
    render: (node, { api }) => {
      tracked(agentRunsRoute(node, api));
    },
    unmount: stopAll
  }
];
