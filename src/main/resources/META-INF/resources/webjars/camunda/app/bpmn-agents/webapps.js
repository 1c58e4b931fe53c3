/*
 * What every Camunda webapp shipped by bpmn-agents (Cockpit, Tasklist, Admin, Welcome)
 * configures alike; each app's scripts/config.js adds its own settings to it.
 */
export default function webappDefaults() {
  return {
    // English whatever language the browser asks for: the bpmn-agents plugins speak English,
    // and a page half in German would be worse than one in English. (Camunda 7.24 CE also
    // ships de; add it here to offer it.) Only languages whose files exist may be listed.
    locales: { availableLocales: ['en'], fallbackLocale: 'en' },
    // Camunda's way to add an AngularJS module: pages wait for their texts (see the module).
    requireJsConfig: {
      paths: { 'bpmn-agents-translations-first': '../bpmn-agents/translations-first' },
      deps: ['bpmn-agents-translations-first'],
      ngDeps: ['bpmnAgents.translationsFirst']
    }
  };
}
