/*
 * bpmn-agents Cockpit plugins, "Ask an agent" page: pick an agent of the registry (GET /api/agents), write a
 * question and optional context, and read its answer and what it cost (POST /api/agents/{name}/ask). The
 * question is a model call recorded as the logged-in person's; who may ask is bpmn-agents.ask.groups.
 */

import { API, getJson, postJson } from './api.js';
import { cost, el, longText, number, problem } from './dom.js';

function answerView(answer) {
  return el('div', { className: 'ba-ask-answer' },
    el('h4', { text: 'Answer of ' + answer.agent }),
    longText(answer.answer),
    el('p', { className: 'text-muted', text: number(answer.usage.calls) + ' call(s), '
      + number(answer.usage.promptTokens) + ' prompt and ' + number(answer.usage.completionTokens)
      + ' completion tokens, ' + cost(answer.usage.cost) + '. Recorded as ' + answer.id
      + (answer.savedTo ? ', saved to dataset ' + answer.savedTo : '') + '.' }));
}

function askForm(agents, api) {
  const agent = el('select', { className: 'form-control', name: 'agent' },
    agents.map((each) => el('option', { value: each.name, text: each.name + ' (' + each.role + ')' })));
  const message = el('textarea', { className: 'form-control', name: 'message', rows: 4,
    placeholder: 'Your question' });
  const context = el('textarea', { className: 'form-control', name: 'context', rows: 3,
    placeholder: 'What the agent should know (optional)' });
  const result = el('div');
  const button = el('button', { type: 'submit', className: 'btn btn-primary', text: 'Ask' });
  const form = el('form', { className: 'ba-ask' },
    el('div', { className: 'form-group' }, el('label', { text: 'Agent' }), agent),
    el('div', { className: 'form-group' }, el('label', { text: 'Question' }), message),
    el('div', { className: 'form-group' }, el('label', { text: 'Context' }), context),
    button, result);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    result.replaceChildren(el('p', { className: 'text-muted', text: 'Asking ' + agent.value + '…' }));
    const body = { message: message.value };
    if (context.value.trim()) body.context = context.value;
    postJson(API + 'agents/' + encodeURIComponent(agent.value) + '/ask', body, api)
      .then((answer) => result.replaceChildren(answerView(answer)))
      .catch((error) => problem(result, error))
      .finally(() => {
        button.disabled = false;
      });
  });
  return form;
}

export function askAgentRoute(node, api) {
  node.replaceChildren(el('p', { className: 'text-muted', text: 'Loading agents…' }));
  getJson(API + 'agents', api)
    .then((agents) => node.replaceChildren(el('div', { className: 'ba-tab' },
      el('h3', { text: 'Ask an agent' }),
      el('p', { className: 'text-muted', text: 'One question to one agent, outside any process: a model call '
        + 'recorded as yours, counted in your quotas.' }),
      askForm(agents, api))))
    .catch((error) => problem(node, error));
}
