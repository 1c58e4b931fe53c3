/*
 * bpmn-agents Cockpit plugins, the run's agent calls: one card per model call, live while the run goes on.
 */

import { API, getJson, polled } from './api.js';
import { cost, el, json, longText, millis, number, statusLabel, when } from './dom.js';

function callState(entry) {
  if (entry.error) return ['failed', 'danger'];
  if (entry.response !== undefined && entry.response !== null) return ['answered', 'success'];
  return ['in flight', 'info'];
}

// A person's decision on a tool call that needed approval: who, when, what, why, and the
// arguments approved when they differ from the model's.
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

// What one guardrail decided about the prompt (input) or the answer (output): the outcome,
// the guardrail's reason, and the text it let through after a rewrite (never the text before,
// which may hold what was redacted).
function guardrailLine(decision) {
  const kinds = { pass: 'success', rewrite: 'info', reprompt: 'warning', fail: 'danger' };
  return el('div', { className: 'ba-guardrail' },
    el('span', { className: 'label label-' + (kinds[decision.outcome] || 'default'), text: decision.outcome }),
    el('span', { text: ' ' + decision.guardrail + ' on the ' + (decision.direction === 'output' ? 'answer' : 'prompt')
      + (decision.message ? ': ' + decision.message : '') }),
    decision.after !== undefined && decision.after !== null
      ? el('div', {}, el('em', { text: 'After the rewrite:' }), longText(decision.after)) : null);
}

// A call a spent quota held while an administrator was asked to allow more: since when, and
// who allowed how much more, or refused, when and why.
function quotaCard(entry, index) {
  const hold = entry.quota;
  const kinds = { pending: 'warning', allowed: 'success', refused: 'danger' };
  const more = [['calls', hold.moreCalls], ['tokens', hold.moreTokens], ['USD', hold.moreCost]]
    .filter(([, amount]) => amount !== undefined && amount !== null && Number(amount) > 0)
    .map(([unit, amount]) => (unit === 'USD' ? cost(amount) : number(amount) + ' ' + unit));
  const words = hold.status === 'pending' ? 'waiting for an administrator to allow more (Tasklist: '
      + '\'Allow more of the quota\')'
    : hold.status + (more.length ? ' ' + more.join(', ') + ' more' : '') + ' by ' + hold.decidedBy + ' '
      + when(hold.decidedAt) + (hold.reason ? ': ' + hold.reason : '');
  return el('div', { className: 'panel panel-default ba-call ba-quota-hold', 'data-call-id': entry.id },
    el('div', { className: 'panel-heading' },
      el('span', { className: 'ba-index', text: '#' + (index + 1) }), ' ',
      el('strong', { className: 'ba-agent', text: entry.agent }), ' ',
      el('span', { className: 'label label-' + (kinds[hold.status] || 'default') + ' ba-state',
        text: 'held by quota' })),
    el('div', { className: 'panel-body' },
      el('dl', { className: 'dl-horizontal ba-facts' },
        el('dt', { text: 'Quota' }), el('dd', { text: hold.quota }),
        el('dt', { text: 'Request' }), el('dd', { text: hold.request }),
        el('dt', { text: 'Activity' }), el('dd', { text: entry.activityId }),
        el('dt', { text: 'Held from' }), el('dd', { text: when(entry.startedAt) })),
      el('div', { className: 'ba-quota-decision' },
        el('span', { className: 'label label-' + (kinds[hold.status] || 'default'), text: 'quota' }),
        el('span', { text: ' ' + words }))));
}

function callCard(entry, index) {
  if (entry.quota) return quotaCard(entry, index);
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
  const guardrails = entry.guardrails || [];
  if (guardrails.length) {
    // Open when a guardrail did more than let the call pass, so a person sees it at once.
    const acted = guardrails.some((decision) => decision.outcome !== 'pass');
    body.appendChild(el('details', { className: 'ba-guardrails', open: acted ? 'open' : null },
      el('summary', { text: 'Guardrail decisions (' + guardrails.length + ')' }),
      guardrails.map(guardrailLine)));
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
export function agentCalls(node, runId, api) {
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
        (entry.toolCalls || []).map((call) => [call.approval && call.approval.status, call.result !== undefined]),
        (entry.guardrails || []).map((decision) => [decision.guardrail, decision.direction, decision.outcome]),
        entry.quota && entry.quota.status]);
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
