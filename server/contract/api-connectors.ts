import { z } from 'zod';
import { importedOperationSchema, securityRequirementSchema } from '../../nodes/connector.openapi/operation.js';
import { idSchema, tenantParams } from './common.js';

/** Largest request body of an import: the document (2 MiB of text) JSON-encoded, with room for escapes. */
export const API_CONNECTOR_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** An API connector as lists show it (its newest version). */
export const apiConnectorSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The partner workspace that imported it; its customers see it read-only. */
  ownerTenantId: z.string(),
  /** Whether the caller may re-import or remove it here (owners of the partner workspace). */
  editable: z.boolean(),
  version: z.number().int(),
  title: z.string(),
  baseUrl: z.string(),
  operationCount: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ApiConnectorSummary = z.infer<typeof apiConnectorSummarySchema>;

/** One version of a connector with its operations (forms, output schemas) and security schemes. */
export const apiConnectorSchema = apiConnectorSummarySchema.extend({
  /** The version shown (the newest unless asked for another). */
  shownVersion: z.number().int(),
  versions: z.array(z.object({ version: z.number().int(), createdBy: z.string(), createdAt: z.string() })),
  openapi: z.string(),
  documentVersion: z.string(),
  versionBaseUrl: z.string(),
  securitySchemes: z.array(securityRequirementSchema),
  operations: z.array(importedOperationSchema),
});
export type ApiConnector = z.infer<typeof apiConnectorSchema>;

/** What a re-import changed, by operation id. */
export const operationDiffSchema = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.object({ id: z.string(), parts: z.array(z.string()) })),
});
export type OperationDiffView = z.infer<typeof operationDiffSchema>;

export const apiConnectorImportResultSchema = apiConnectorSchema.extend({ diff: operationDiffSchema.nullable() });

const documentText = z.string().min(1, 'the document is empty').max(3 * 1024 * 1024);
const baseUrl = z.string().max(2000).optional();

/** Import: the document as text (JSON or YAML), a name, and optionally the API's address. */
export const apiConnectorImportSchema = z.strictObject({ name: z.string().trim().min(1).max(100), document: documentText, baseUrl });
/** Re-import: a new document for the connector, becoming its next version. */
export const apiConnectorReimportSchema = z.strictObject({ document: documentText, baseUrl });

export const apiConnectorParams = tenantParams.extend({ connectorId: idSchema });
export const apiConnectorVersionQuery = z.object({ version: z.coerce.number().int().min(1).optional() });
