/*
 * bpmn-agents Cockpit plugins, a run's path on its diagram, drawn by Cockpit's own BPMN viewer widget.
 */

import { el } from './dom.js';

/**
 * Draws `xml` in `node` with Cockpit's own diagram widget (cam-widget-bpmn-viewer of
 * camunda-commons-ui, bpmn-js inside), so a run's diagram looks as Cockpit draws every diagram:
 * multi-instance, timer and gateway markers, zoom buttons. The widget is an AngularJS
 * directive, compiled by Cockpit's own application. Returns the bpmn-js viewer once the
 * diagram is drawn, and a function that removes the widget.
 */
function cockpitDiagram(node, xml) {
  const injector = window.angular.element(document.body).injector();
  const scope = injector.get('$rootScope').$new(true);
  const widget = document.createElement('div');
  // set one by one: el() takes on-load for an event listener
  Object.entries({ 'cam-widget-bpmn-viewer': '', 'diagram-data': 'xml', control: 'control', 'on-load': 'drawn()' })
    .forEach(([name, value]) => widget.setAttribute(name, value));
  const drawn = new Promise((resolve) => {
    scope.xml = xml;
    scope.control = {};
    scope.drawn = () => resolve(scope.control.getViewer());
  });
  node.replaceChildren(widget);
  injector.get('$compile')(widget)(scope);
  scope.$applyAsync();
  return { drawn, remove: () => scope.$destroy() };
}

/** How often the run passed an activity, as a badge above its top right corner. */
function countBadge(visit) {
  return el('span', {
    className: 'badge ba-count' + (visit.active > 0 ? ' ba-count-active' : ''),
    'data-activity-id': visit.activityId,
    title: (visit.name || visit.activityId) + ': passed ' + visit.count + '×'
      + (visit.active > 0 ? ', ' + visit.active + ' running' : ''),
    text: visit.count + '×'
  });
}

/**
 * Marks on the drawn diagram the activities of `processKey` the run passed (green) or is in
 * (blue), each with its count. Activities of processes the run called have no shape here.
 */
function markPath(viewer, processKey, visits) {
  const shapes = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  const overlays = viewer.get('overlays');
  visits.filter((visit) => visit.process === processKey && shapes.get(visit.activityId))
    .forEach((visit) => {
      canvas.addMarker(visit.activityId, visit.active > 0 ? 'ba-active' : 'ba-visited');
      overlays.add(visit.activityId, 'ba-count', {
        position: { top: -10, right: 10 },
        show: { minZoom: -Infinity, maxZoom: Infinity },
        html: countBadge(visit)
      });
    });
}

/** The run's path on its diagram; returns a function that removes the diagram. */
export function pathDiagram(node, xml, processKey, visits) {
  const box = el('div', { className: 'ba-diagram', role: 'img',
    'aria-label': 'Diagram of ' + processKey + ' with the activities this run passed' });
  node.replaceChildren(box);
  const diagram = cockpitDiagram(box, xml);
  diagram.drawn.then((viewer) => markPath(viewer, processKey, visits));
  return diagram.remove;
}
