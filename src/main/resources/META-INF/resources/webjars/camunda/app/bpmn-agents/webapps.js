/*
 * What every Camunda webapp shipped by bpmn-agents (Cockpit, Tasklist, Admin, Welcome)
 * configures alike; each app's scripts/config.js adds its own settings to it.
 */
export default function webappDefaults() {
  return {
    // The locale files Camunda 7.24 CE ships for every app. A browser asking for another
    // language (fr, ja, en-US's "en" aside) gets the fallback, never raw keys.
    locales: { availableLocales: ['en', 'de'], fallbackLocale: 'en' },
    // Camunda's way to add an AngularJS module: pages wait for their texts (see the module).
    requireJsConfig: {
      paths: { 'bpmn-agents-translations-first': '../bpmn-agents/translations-first' },
      deps: ['bpmn-agents-translations-first'],
      ngDeps: ['bpmnAgents.translationsFirst']
    }
  };
}
