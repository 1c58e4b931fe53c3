/*
 * Cockpit's configuration, as shipped by bpmn-agents: Camunda's defaults plus the
 * bpmn-agents plugins (Agent calls, Agent runs, Agent figures). See README, "Inspecting
 * runs in Cockpit". Everything else of Camunda's config.js is left at its default.
 */
export default {
  customScripts: ['scripts/bpmn-agents/plugins']
};
