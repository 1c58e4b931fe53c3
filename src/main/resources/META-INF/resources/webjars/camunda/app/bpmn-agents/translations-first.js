/*
 * bpmn-agents: every Camunda webapp (Cockpit, Tasklist, Admin, Welcome) shows a page only once
 * its texts are loaded. Loaded by each app's scripts/config.js (requireJsConfig: an AngularJS
 * module, Camunda's documented way to add one).
 *
 * Why: some Camunda views translate their labels once, when they are built
 * ($translate.instant). Tasklist's task search does: built before the locale file arrived, it
 * keeps the raw keys for good (CREATION_DATE, SEARCH_PLACEHOLDER instead of "Created" and
 * "Filter Tasks"). That happens on the first visit of a browser (nothing cached yet) whenever
 * the locale file comes later than the view's data, whatever language the browser asks for.
 * So every route waits for the translations, as it waits for its other data.
 */
define(['angular'], function (angular) {
  var module = angular.module('bpmnAgents.translationsFirst', []);

  /** The language the page shows: the one still loading, or the one in use. */
  function shownLanguage($translate) {
    return $translate.proposedLanguage() || $translate.use();
  }

  function textsLoaded($translate) {
    var language = shownLanguage($translate);
    return !language || $translate.getTranslationTable(language) !== null;
  }

  /**
   * Resolves once the texts of the shown language are there. Not $translate.onReady(): it
   * resolves as soon as the fallback language's texts arrive, and a German page then keeps
   * English labels. Also resolves when the texts cannot load, so no page stays empty.
   */
  function translationsLoaded($q, $rootScope, $translate) {
    if (textsLoaded($translate)) {
      return true;
    }
    return $q(function (resolve) {
      var stops = [];
      function done() {
        stops.forEach(function (stop) { stop(); });
        resolve();
      }
      stops.push($rootScope.$on('$translateChangeEnd', function () {
        if (textsLoaded($translate)) done();
      }));
      stops.push($rootScope.$on('$translateChangeError', done));
    });
  }

  module.run(['$route', function ($route) {
    angular.forEach($route.routes, function (route) {
      route.resolve = angular.extend({}, route.resolve, {
        bpmnAgentsTranslations: ['$q', '$rootScope', '$translate', translationsLoaded]
      });
    });
  }]);

  return module;
});
