/*
 * Welcome's configuration, as shipped by bpmn-agents: Camunda's defaults and the settings every
 * webapp shares (../../bpmn-agents/webapps.js: locales, texts before pages). Everything else
 * of Camunda's config.js is left at its default.
 */
import webappDefaults from '../../bpmn-agents/webapps.js';

export default webappDefaults();
