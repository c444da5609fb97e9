import { z } from 'zod';

/**
 * An operation of an imported OpenAPI document as Flowgate stores it: every `$ref` already
 * resolved, schemas kept as the document's JSON Schema (plain data, never evaluated).
 * Browser-safe: the designer renders forms from it, the node executes it.
 */
export const jsonSchemaValue: z.ZodType<Record<string, unknown> | boolean> = z.union([z.boolean(), z.record(z.string(), z.unknown())]);

/** One path, query or header parameter. */
export const operationParameterSchema = z.object({
  name: z.string().min(1),
  in: z.enum(['path', 'query', 'header']),
  required: z.boolean(),
  description: z.string(),
  schema: jsonSchemaValue,
});
export type OperationParameter = z.infer<typeof operationParameterSchema>;

/** HTTP methods an imported operation may use. */
export const OPERATION_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** One operation, keyed by a stable id unique within its connector version. */
export const importedOperationSchema = z.object({
  id: z.string().min(1),
  method: z.enum(OPERATION_METHODS),
  path: z.string().startsWith('/'),
  summary: z.string(),
  description: z.string(),
  parameters: z.array(operationParameterSchema),
  /** The JSON request body, when the operation takes one. */
  body: z.object({ required: z.boolean(), schema: jsonSchemaValue }).nullable(),
  /** The JSON schema of the first 2xx answer, when the document gives one. */
  response: jsonSchemaValue.nullable(),
  /** Names of the security schemes any one of which authenticates the call; empty when none is needed. */
  security: z.array(z.string()),
});
export type ImportedOperation = z.infer<typeof importedOperationSchema>;

/**
 * How a security scheme of the document is satisfied by one of Flowgate's credential types:
 * `apiKey` (a header or query parameter named `name`), `basic`, `bearer`, or
 * `oauth2ClientCredentials` (its token URL and scopes); other schemes are `unsupported`, with why.
 */
export const securityRequirementSchema = z.discriminatedUnion('credentialType', [
  z.object({ scheme: z.string(), credentialType: z.literal('apiKey'), in: z.enum(['header', 'query']), name: z.string() }),
  z.object({ scheme: z.string(), credentialType: z.literal('basic') }),
  z.object({ scheme: z.string(), credentialType: z.literal('bearer') }),
  z.object({ scheme: z.string(), credentialType: z.literal('oauth2ClientCredentials'), tokenUrl: z.string(), scopes: z.array(z.string()) }),
  z.object({ scheme: z.string(), credentialType: z.literal('unsupported'), reason: z.string() }),
]);
export type SecurityRequirement = z.infer<typeof securityRequirementSchema>;

/** What an operation's node needs to call it: the operation, the base URL and the security schemes. */
export const resolvedOperationSchema = z.object({
  connectorName: z.string(),
  baseUrl: z.string(),
  operation: importedOperationSchema,
  securitySchemes: z.array(securityRequirementSchema),
});
export type ResolvedOperation = z.infer<typeof resolvedOperationSchema>;
