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
   * Whether the texts of the shown language are there; also true when they cannot load, so
   * no page stays empty. Not $translate.onReady(): it resolves as soon as the fallback
   * language's texts arrive, before those of the language shown.
   */
  module.factory('bpmnAgentsTexts', ['$q', '$rootScope', '$translate', function ($q, $rootScope, $translate) {
    var texts = { loaded: textsLoaded($translate) };
    texts.ready = $q(function (resolve) {
      if (texts.loaded) {
        resolve();
        return;
      }
      var stops = [];
      function done() {
        texts.loaded = true;
        stops.forEach(function (stop) { stop(); });
        resolve();
      }
      stops.push($rootScope.$on('$translateChangeEnd', function () {
        if (textsLoaded($translate)) done();
      }));
      stops.push($rootScope.$on('$translateChangeError', done));
    });
    return texts;
  }]);

  // Labels bound once ({{ ::'KEY' | translate }}, as in the header) stay empty until the texts
  // are there, instead of keeping the key.
  module.config(['$provide', function ($provide) {
    $provide.decorator('translateFilter', ['$delegate', '$injector', function ($delegate, $injector) {
      var texts = null;
      function translate() {
        texts = texts || $injector.get('bpmnAgentsTexts');
        return texts.loaded ? $delegate.apply(this, arguments) : undefined;
      }
      translate.$stateful = $delegate.$stateful;
      return translate;
    }]);
  }]);

  // Every route waits for the texts, as it waits for its other data.
  module.run(['$route', function ($route) {
    angular.forEach($route.routes, function (route) {
      route.resolve = angular.extend({}, route.resolve, {
        bpmnAgentsTexts: ['bpmnAgentsTexts', function (texts) { return texts.ready; }]
      });
    });
  }]);

  return module;
});
