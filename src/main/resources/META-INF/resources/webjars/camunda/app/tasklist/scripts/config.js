/*
 * Tasklist's configuration, as shipped by bpmn-agents: Camunda's defaults (its keyboard
 * shortcuts) and the settings every webapp shares (../../bpmn-agents/webapps.js: locales,
 * texts before pages). Everything else of Camunda's config.js is left at its default.
 */
import webappDefaults from '../../bpmn-agents/webapps.js';

export default {
  ...webappDefaults(),
  shortcuts: {
    claimTask: { key: 'ctrl+alt+c', description: 'claims the currently selected task' },
    focusFilter: { key: 'ctrl+shift+f', description: 'set the focus to the first filter in the list' },
    focusList: { key: 'ctrl+alt+l', description: 'sets the focus to the first task in the list' },
    focusForm: { key: 'ctrl+alt+f', description: 'sets the focus to the first input field in a task form' },
    startProcess: { key: 'ctrl+alt+p', description: 'opens the start process modal dialog' }
  }
};
