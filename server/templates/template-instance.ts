import { z } from 'zod';
import type { WorkflowDefinition } from '../../runtime/definition/index.js';
import { invalid, type ErrorDetail } from '../domain/domain-error.js';
import type { PackagedTemplate } from './template-catalog.js';

/** A credential of the workspace, as a clone binds it to a template's connector. */
export interface BindableCredential {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

/** What a clone asks for: the new workflow's name, parameter values, and a credential per connector. */
export interface CloneChoices {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Connector key → the name or id of a workspace credential. */
  readonly credentials: Readonly<Record<string, string>>;
}

/**
 * The parameter values of a clone: the defaults overlaid with the values given, checked against
 * the template's parameter schema. Refuses (422, one detail per problem at `params.<name>`) values
 * that do not meet it and names the template does not have.
 */
export function cloneParams(template: PackagedTemplate, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { properties } = template.manifest.parameters;
  const values = { ...Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, property.default])), ...given };
  const checked = z.fromJSONSchema(template.manifest.parameters).safeParse(values);
  if (checked.success) return values;
  const details: ErrorDetail[] = checked.error.issues.map((issue) => ({
    path: ['params', ...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? [issue.keys.join(', ')] : [])].join('.'),
    message: issue.code === 'unrecognized_keys' ? `is no parameter of the template (it has ${Object.keys(properties).join(', ') || 'none'})` : issue.message,
  }));
  throw invalid(`the parameters do not fit the template "${template.manifest.title}"`, details);
}

/**
 * The credential a clone binds to each connector of the template: a workspace credential named
 * (or with the id) given, of a type the connector accepts. Refuses (422, a detail per connector
 * at `credentials.<key>`) a missing choice, an unknown credential or one of another type.
 */
export function cloneCredentials(template: PackagedTemplate, given: Readonly<Record<string, string>>, available: readonly BindableCredential[]): Map<string, string> {
  const bound = new Map<string, string>();
  const details: ErrorDetail[] = [];
  for (const connector of template.manifest.connectors) {
    const path = `credentials.${connector.key}`;
    const chosen = given[connector.key];
    const credential = chosen === undefined ? undefined : available.find((candidate) => candidate.name === chosen || candidate.id === chosen);
    if (chosen === undefined) details.push({ path, message: `choose a ${connector.credentialTypes.join(' or ')} credential for ${connector.system} (${connector.description})` });
    else if (!credential) details.push({ path, message: `the workspace has no credential "${chosen}"` });
    else if (!connector.credentialTypes.includes(credential.type)) details.push({ path, message: `"${credential.name}" is a ${credential.type} credential; ${connector.system} needs ${connector.credentialTypes.join(' or ')}` });
    else bound.set(connector.key, credential.name);
  }
  for (const key of Object.keys(given)) {
    if (!template.manifest.connectors.some((connector) => connector.key === key)) details.push({ path: `credentials.${key}`, message: 'is no connector of the template' });
  }
  if (details.length > 0) throw invalid(`the credentials do not fit the template "${template.manifest.title}"`, details);
  return bound;
}

/**
 * The new workflow's definition: the template's, named as asked, with the parameter values as its
 * params' defaults, each step's connector key replaced by the bound credential's name and its
 * connection settings (the connector's `settings`) taken from the parameters.
 */
export function instantiate(template: PackagedTemplate, name: string, params: Readonly<Record<string, unknown>>, credentials: ReadonlyMap<string, string>): WorkflowDefinition {
  const definition = structuredClone(template.definition);
  return {
    ...definition,
    name,
    params: definition.params.map((param) => (param.name in params ? { ...param, default: params[param.name] as never } : param)),
    nodes: definition.nodes.map((node) => {
      const key = node.config.credential;
      const connector = template.manifest.connectors.find((candidate) => candidate.key === key);
      const credential = typeof key === 'string' ? credentials.get(key) : undefined;
      if (!connector || credential === undefined) return node;
      const settings = Object.fromEntries(Object.entries(connector.settings).map(([field, parameter]) => [field, params[parameter]]));
      return { ...node, config: { ...node.config, ...settings, credential } };
    }),
  };
}
