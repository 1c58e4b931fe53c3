/*
 * bpmn-agents Cockpit plugins, per agent of a process: calls, tokens, cost and latency.
 */

import { API, getJson } from './api.js';
import { cost, el, millis, number, problem } from './dom.js';

export function figuresTab(node, definitionId, api) {
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
