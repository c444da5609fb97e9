import { z } from 'zod';
import { expression, field, findExpressionSites, type PathSegment } from '../../runtime/definition/index.js';
import { isRule } from '../../runtime/expressions/index.js';
import type { ImportedOperation, ResolvedOperation, SecurityRequirement } from './operation.js';
import { schemaToZod } from './schema-to-zod.js';
import { spec } from './spec.js';

/** One problem of a node's config against its operation, at a path inside the config. */
export interface OperationConfigProblem {
  readonly path: PathSegment[];
  readonly message: string;
}

/** Whether the operation's body is an object with named fields (a form of fields) or anything else (one expression). */
export function bodyFields(operation: ImportedOperation): Record<string, unknown> | undefined {
  const schema = operation.body?.schema;
  if (typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const properties = schema.properties;
  return typeof properties === 'object' && properties !== null && Object.keys(properties).length > 0 ? (properties as Record<string, unknown>) : undefined;
}

/** In words, which credential types the operation accepts, for a credential field's help. */
export function credentialHelp(resolved: ResolvedOperation): string {
  const schemes = resolved.operation.security
    .map((name) => resolved.securitySchemes.find((scheme) => scheme.scheme === name))
    .filter((scheme): scheme is SecurityRequirement => scheme !== undefined);
  if (schemes.length === 0) return 'The operation needs no authentication; a credential is optional.';
  return `One of: ${schemes.map(describeScheme).join('; ')}. The credential must name the API's host.`;
}

function describeScheme(scheme: SecurityRequirement): string {
  switch (scheme.credentialType) {
    case 'apiKey':
      return `an API key credential sent in the ${scheme.in} "${scheme.name}"`;
    case 'basic':
      return 'a basic credential (user name and password)';
    case 'bearer':
      return 'a bearer token credential';
    case 'oauth2ClientCredentials':
      return `an OAuth2 client-credentials credential (token URL ${scheme.tokenUrl}${scheme.scopes.length > 0 ? `, scope ${scheme.scopes.join(' ')}` : ''})`;
    case 'unsupported':
      return `${scheme.scheme}: ${scheme.reason}, which Flowgate cannot provide`;
  }
}

/**
 * The config schema of a node calling this operation: the generic node's fields, with `params`
 * holding exactly the operation's parameters (required ones required) and `body` its body
 * fields, each an expression typed by its JSON Schema. The designer draws the step's form from it
 * and the server checks saved configs with it, so both speak of the same fields at the same paths.
 */
export function operationConfigSchema(resolved: ResolvedOperation): z.ZodType {
  const { operation } = resolved;
  const params: Record<string, z.ZodType> = {};
  for (const parameter of operation.parameters) {
    const help = [parameter.description, `${parameter.in} parameter`].filter((part) => part !== '').join(' · ');
    const value = field(expression(schemaToZod(parameter.schema)), { label: parameter.name, help });
    define(params, parameter.name, parameter.required ? value : value.optional());
  }
  const fields = bodyFields(operation);
  const bodyShape: Record<string, z.ZodType> = {};
  const schema = operation.body?.schema;
  const required = new Set(typeof schema === 'object' && Array.isArray(schema.required) ? (schema.required as unknown[]) : []);
  for (const [name, property] of Object.entries(fields ?? {})) {
    const value = field(expression(schemaToZod(property)), { label: name });
    define(bodyShape, name, required.has(name) ? value : value.optional());
  }
  const shape = spec.config.shape;
  const credential = field(z.string().min(1), { label: 'Credential', widget: 'credential', help: credentialHelp(resolved) });
  return z
    .strictObject({
      // Chosen in the palette, shown above the form: not fields to type into.
      connectorId: field(shape.connectorId, { visibleWhen: false }),
      version: field(shape.version, { visibleWhen: false }),
      operationId: field(shape.operationId, { visibleWhen: false }),
      credential: operation.security.length > 0 ? credential : credential.optional(),
      params: field(z.strictObject(params), { label: 'Parameters' }),
      ...(operation.body === null
        ? {}
        : {
            body: field(z.strictObject(bodyShape), { label: 'Body', help: 'The JSON body, field by field.' }).optional(),
            wholeBody: expression(operation.body.schema === true ? z.json() : schemaToZod(operation.body.schema), {
              label: 'Whole body',
              help: 'The whole JSON body as one expression, e.g. {"var": "input"}; instead of the fields above.',
            }).optional(),
          }),
    })
    .superRefine((config, ctx) => {
      const body = config.body as Record<string, unknown> | undefined;
      const hasFields = body !== undefined && Object.keys(body).length > 0;
      if (hasFields && config.wholeBody !== undefined) ctx.addIssue({ code: 'custom', path: ['wholeBody'], message: 'give the body field by field or as a whole, not both' });
      if (operation.body?.required && !hasFields && config.wholeBody === undefined && fields === undefined) {
        ctx.addIssue({ code: 'custom', path: ['wholeBody'], message: 'the operation needs a body' });
      }
    });
}

/**
 * The problems of a saved config against its operation. Values that are json-logic rules are
 * checked when they are evaluated, not here (like every node's expressions): only literals and
 * the presence of required fields are.
 */
export function checkOperationConfig(resolved: ResolvedOperation, saved: unknown): OperationConfigProblem[] {
  const schema = operationConfigSchema(resolved);
  // The generic node's default: a config without parameters has none.
  const config = typeof saved === 'object' && saved !== null ? { params: {}, ...saved } : saved;
  const result = schema.safeParse(config);
  if (result.success) return [];
  const dynamic = findExpressionSites(schema, config)
    .filter((site) => isRule(site.value))
    .map((site) => site.path);
  return result.error.issues
    .filter((issue) => !dynamic.some((prefix) => prefix.every((segment, index) => issue.path[index] === segment)))
    .map((issue) => ({ path: issue.path as PathSegment[], message: issueMessage(issue, config) }));
}

function issueMessage(issue: z.core.$ZodIssue, config: unknown): string {
  if (issue.code === 'unrecognized_keys') return `${issue.keys.map((key) => `"${key}"`).join(', ')} ${issue.keys.length === 1 ? 'is' : 'are'} not part of the operation`;
  let value = config;
  for (const segment of issue.path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  return value === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
}

function define(target: Record<string, z.ZodType>, key: string, value: z.ZodType): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
