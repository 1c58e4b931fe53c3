/*
 * bpmn-agents Cockpit plugins, what the run's agents sent each other.
 */

import { API, getJson, polled } from './api.js';
import { el, longText, when } from './dom.js';

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
export function agentMessages(node, runId, api) {
  return polled(node, async () => {
    const [run, messages] = await Promise.all([
      getJson(API + 'runs/' + encodeURIComponent(runId), api),
      getJson(API + 'runs/' + encodeURIComponent(runId) + '/messages', api)
    ]);
    node.replaceChildren(messagesTable(messages));
    return run;
  });
}
