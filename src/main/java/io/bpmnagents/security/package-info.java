/**
 * Who may call what: authentication, groups and grants, what a person may deploy, login
 * throttling, request guards and Camunda's known holes.
 */
package io.bpmnagents.security;
