/*
 * bpmn-agents Cockpit plugins, the Evaluations page: the evaluations the person may see
 * (GET /api/evaluations) with their counts (better, same, worse, failed) and the cost and
 * time of the new runs against the originals; one evaluation's cases; and one case side by
 * side: the original and the new outcome, their diff, the judge's verdict and reason, and
 * the step where the new run went live.
 */

import { API, getJson } from './api.js';
import { cost, el, longText, millis, number, problem, statusLabel, when } from './dom.js';
import { runLink } from './runs.js';

function hashParam(name) {
  const query = window.location.hash.split('?')[1] || '';
  return new URLSearchParams(query).get(name);
}

function evaluationLink(id, caseNumber) {
  return '#/agent-evaluations?evaluation=' + encodeURIComponent(id)
    + (caseNumber === undefined ? '' : '&case=' + encodeURIComponent(caseNumber));
}

function counts(summary) {
  return el('span', {},
    el('span', { className: 'label label-success', text: summary.better + ' better' }), ' ',
    el('span', { className: 'label label-default', text: summary.same + ' same' }), ' ',
    el('span', { className: 'label label-warning', text: summary.worse + ' worse' }), ' ',
    el('span', { className: 'label label-danger', text: summary.failed + ' failed' }));
}

function change(before, after, format) {
  return format(before) + ' → ' + format(after);
}

function evaluationsTable(evaluations) {
  if (!evaluations.length) {
    return el('p', { className: 'ba-none', text: 'No evaluations yet: POST /api/evaluations (docs/evaluate.md).' });
  }
  return el('table', { className: 'table table-condensed cam-table ba-evaluations' },
    el('thead', {}, el('tr', {}, ['Evaluation', 'Status', 'Started', 'Cases', 'Cost (original → new)',
      'Time (original → new)'].map((title) => el('th', { text: title })))),
    el('tbody', {}, evaluations.map((evaluation) => el('tr', { 'data-evaluation': evaluation.id },
      el('td', {}, el('a', { href: evaluationLink(evaluation.id), text: evaluation.id })),
      el('td', {}, statusLabel(evaluation.status)),
      el('td', { text: when(evaluation.startedAt) }),
      el('td', {}, counts(evaluation.summary)),
      el('td', { text: change(evaluation.totals.originalCost, evaluation.totals.newCost, cost) }),
      el('td', { text: change(evaluation.totals.originalMs, evaluation.totals.newMs, millis) })))));
}

function casesTable(evaluation) {
  return el('table', { className: 'table table-condensed cam-table ba-cases' },
    el('thead', {}, el('tr', {}, ['Case', 'Original run', 'New run', 'Verdict', 'Went live at', 'Tokens',
      'Time'].map((title) => el('th', { text: title })))),
    el('tbody', {}, evaluation.cases.map((item) => el('tr', { 'data-case': item.number },
      el('td', {}, el('a', { href: evaluationLink(evaluation.id, item.number),
        text: item.datasetCase || ('#' + item.number) })),
      el('td', {}, item.runId ? el('a', { href: runLink(item.runId), text: item.runId }) : '–'),
      el('td', {}, item.newRunId ? el('a', { href: runLink(item.newRunId), text: item.newRunId }) : '–'),
      el('td', { text: item.verdict || (item.status === 'compared' ? 'waiting for the judge' : item.status) }),
      el('td', { text: item.liveFrom ? item.liveFrom.activityId + ' (' + item.liveFrom.agent + ')' : 'never' }),
      el('td', { text: change(item.originalTokens, item.newTokens, number) }),
      el('td', { text: change(item.originalMs, item.newMs, millis) })))));
}

function caseSideBySide(evaluation, item) {
  const facts = el('dl', { className: 'dl-horizontal ba-facts' },
    el('dt', { text: 'Verdict' }), el('dd', { text: item.verdict || item.status }),
    el('dt', { text: 'Reason' }), el('dd', { text: item.reason || item.error || '' }),
    el('dt', { text: 'Went live at' }),
    el('dd', { text: item.liveFrom ? item.liveFrom.activityId + ', agent ' + item.liveFrom.agent : 'never: '
      + 'every call was answered from the recording' }),
    el('dt', { text: 'Cost' }), el('dd', { text: change(item.originalCost, item.newCost, cost) }),
    el('dt', { text: 'Time' }), el('dd', { text: change(item.originalMs, item.newMs, millis) }));
  const live = item.liveFrom ? el('div', { className: 'ba-section' }, el('h3', { text: 'Where it went live' }),
    el('div', { className: 'row' },
      el('div', { className: 'col-md-6' }, el('h4', { text: 'Recorded prompt' }),
        longText(item.liveFrom.expectedPrompt || '(the original made no such call)')),
      el('div', { className: 'col-md-6' }, el('h4', { text: 'New prompt' }), longText(item.liveFrom.actualPrompt))))
    : null;
  return el('div', { className: 'ba-case' },
    el('p', {}, el('a', { href: evaluationLink(evaluation.id), text: '← all cases of ' + evaluation.id })),
    facts,
    el('div', { className: 'row' },
      el('div', { className: 'col-md-6' }, el('h4', { text: 'Original outcome' }), longText(item.originalOutcome)),
      el('div', { className: 'col-md-6' }, el('h4', { text: 'New outcome' }), longText(item.newOutcome))),
    el('div', { className: 'ba-section' }, el('h3', { text: 'Diff' }), longText(item.diff || '(no difference)')),
    live);
}

function evaluationPage(node, id, api) {
  node.replaceChildren(el('p', { className: 'text-muted', text: 'Loading evaluation ' + id + '…' }));
  getJson(API + 'evaluations/' + encodeURIComponent(id), api).then((evaluation) => {
    const caseNumber = hashParam('case');
    const item = evaluation.cases.find((one) => String(one.number) === caseNumber);
    node.replaceChildren(el('div', { className: 'ba-page' },
      el('h2', { text: 'Evaluation ' + evaluation.id }),
      el('p', {}, statusLabel(evaluation.status), ' against ', evaluation.target, ' · ', counts(evaluation.summary),
        ' · ', evaluation.cases.length + ' of ' + evaluation.caseCount + ' cases compared · ',
        el('a', { href: runLink(evaluation.id), text: 'the evaluation run (its judge calls)' })),
      item ? caseSideBySide(evaluation, item) : casesTable(evaluation)));
  }).catch((error) => problem(node, error));
}

/** The Evaluations route: the list, or one evaluation (?evaluation=), or one case (&case=). */
export function agentEvaluationsRoute(node, api) {
  const show = () => {
    const id = hashParam('evaluation');
    if (id) {
      evaluationPage(node, id, api);
      return;
    }
    node.replaceChildren(el('p', { className: 'text-muted', text: 'Loading evaluations…' }));
    getJson(API + 'evaluations', api)
      .then((evaluations) => node.replaceChildren(el('div', { className: 'ba-page' },
        el('h2', { text: 'Evaluations' }), evaluationsTable(evaluations))))
      .catch((error) => problem(node, error));
  };
  show();
  window.addEventListener('hashchange', show);
  return () => window.removeEventListener('hashchange', show);
}
