/*
 * bpmn-agents Cockpit plugins, "Agent quotas" on the dashboard: each quota the logged-in
 * person may see (GET /api/quotas) with its use against its limit in the current window,
 * and what happens when it is spent.
 */

import { API, getJson } from './api.js';
import { el, problem, when } from './dom.js';

function amount(used, reserved, limit) {
  if (limit === null || limit === undefined) return String(used) + ' (no limit)';
  return used + ' of ' + limit + (reserved ? ' (+' + reserved + ' in flight)' : '');
}

// on-exhausted, and for 'ask' whether an administrator is being asked (the requests are
// shown to administrators only) and who last allowed more in this window.
function whenSpent(quota) {
  const asked = (quota.requests || []).some((request) => request.decision === 'pending');
  return quota.onExhausted + (asked ? ' (an administrator is asked)' : '')
    + (quota.raisedBy ? '; more allowed by ' + quota.raisedBy : '');
}

function quotasTable(quotas) {
  if (!quotas.length) return el('p', { className: 'ba-none', text: 'No quota counts your runs (bpmn-agents.quotas).' });
  return el('table', { className: 'table table-condensed cam-table ba-quotas' },
    el('thead', {}, el('tr', {}, ['Quota', 'Calls', 'Tokens', 'Cost (USD)', 'When spent', 'Window ends']
      .map((title) => el('th', { text: title })))),
    el('tbody', {}, quotas.map((quota) => el('tr', { 'data-quota': quota.key },
      el('td', { text: quota.key }),
      el('td', { text: amount(quota.used.calls, quota.reserved.calls, quota.limit.calls) }),
      el('td', { text: amount(quota.used.tokens, quota.reserved.tokens, quota.limit.tokens) }),
      el('td', { text: amount(quota.used.cost, quota.reserved.cost, quota.limit.cost) }),
      el('td', { text: whenSpent(quota) }),
      el('td', { text: when(quota.windowEnd) })))));
}

export function agentQuotas(node, api) {
  node.replaceChildren(el('p', { className: 'text-muted', text: 'Loading quotas…' }));
  getJson(API + 'quotas', api)
    .then((quotas) => node.replaceChildren(quotasTable(quotas)))
    .catch((error) => problem(node, error));
}
