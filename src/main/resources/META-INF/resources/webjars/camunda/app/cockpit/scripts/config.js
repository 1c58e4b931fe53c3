/*
 * Cockpit's configuration, as shipped by bpmn-agents: Camunda's defaults, the settings every
 * webapp shares (../../bpmn-agents/webapps.js: locales, texts before pages) and the
 * bpmn-agents plugins (Agent calls, Agent runs, Agent figures, Agent quotas). See docs/observability.md,
 * "Inspecting runs in Cockpit". Everything else of Camunda's config.js is left at its default.
 */
import webappDefaults from '../../bpmn-agents/webapps.js';

export default {
  ...webappDefaults(),
  customScripts: ['scripts/bpmn-agents/plugins']
};
