/*
 * bpmn-agents Cockpit plugins, the run's open user tasks, also those of processes it called, each linked to Tasklist.
 */

import { API, TASKLIST, getJson, polled } from './api.js';
import { el, when } from './dom.js';

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
export function waitingTasks(node, runId, api) {
  return polled(node, async () => {
    const run = await getJson(API + 'runs/' + encodeURIComponent(runId), api);
    node.replaceChildren(waitingTable(run));
    return run;
  });
}
