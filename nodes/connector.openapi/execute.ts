import type { z } from 'zod';
import { NodeExecutionError, formatPath, type NodeContext, type NodeExecute } from '../../runtime/definition/index.js';
import { callApi, type ApiSystem } from '../connector-kit/client/api-client.js';
import { addCredential, loadCredential } from '../connector.http/credentials.js';
import { buildRequest } from './build-request.js';
import { credentialMismatch } from './credential-match.js';
import { resolvedOperationSchema, type ResolvedOperation } from './operation.js';
import { checkOperationConfig } from './operation-config.js';
import type { spec } from './spec.js';

type Config = z.output<typeof spec.config>;

/** Calls the stored operation and outputs its parsed JSON answer. */
export const execute: NodeExecute<Config> = async (ctx, config) => {
  const resolved = await operationOf(ctx, config);
  const problem = checkOperationConfig(resolved, config)[0];
  if (problem !== undefined) {
    throw new NodeExecutionError(`config.${formatPath(problem.path)}: ${problem.message} (after evaluating expressions)`, { code: 'CONFIG' });
  }
  const { operation } = resolved;
  const request = buildRequest(resolved.baseUrl, operation, config.params, config.body, config.wholeBody);
  const system: ApiSystem = { name: resolved.connectorName, errorMessage };
  const send = async (refresh: boolean) => {
    const headers = new Headers(request.headers);
    const url = new URL(request.url);
    let secrets: string[] = [];
    if (config.credential !== undefined) {
      const fields = await loadCredential(ctx, config.credential, url, refresh);
      const mismatch = credentialMismatch(resolved, fields);
      if (mismatch !== undefined) throw new NodeExecutionError(`the credential "${config.credential}" ${mismatch}`, { code: 'CREDENTIAL_INVALID' });
      secrets = addCredential(config.credential, fields, url, headers);
      const authorization = headers.get('authorization');
      if (authorization !== null) secrets.push(authorization);
    }
    return callApi(ctx, system, { method: operation.method, url, headers, json: request.json, idempotent: true, secrets });
  };
  try {
    return { output: (await send(false)).body };
  } catch (error) {
    // An OAuth2 token the API no longer takes: the store fetches a new one, once.
    if (!(error instanceof NodeExecutionError) || error.code !== 'API_UNAUTHORIZED' || !acceptsOAuth2(resolved) || config.credential === undefined) throw error;
    return { output: (await send(true)).body };
  }
};

async function operationOf(ctx: NodeContext, config: Config): Promise<ResolvedOperation> {
  if (ctx.connectors === undefined) throw new NodeExecutionError('API connectors are not available where this workflow runs', { code: 'CONNECTOR_UNAVAILABLE' });
  const raw = await ctx.connectors.operation(config.connectorId, config.version, config.operationId);
  if (raw === undefined) {
    throw new NodeExecutionError(`the API connector has no operation "${config.operationId}" in version ${config.version} (or the connector is not visible to this workspace)`, {
      code: 'CONNECTOR_NOT_FOUND',
    });
  }
  return resolvedOperationSchema.parse(raw);
}

function acceptsOAuth2(resolved: ResolvedOperation): boolean {
  return resolved.securitySchemes.some((scheme) => scheme.credentialType === 'oauth2ClientCredentials' && resolved.operation.security.includes(scheme.scheme));
}

/** The API's own message in the usual error shapes: `message`, `error` (text or `{ message }`), problem+json `detail`/`title`, `errors[0]`. */
export function errorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 500) || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const nested = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>).message : undefined;
  const firstError: unknown = Array.isArray(record.errors) ? (record.errors as unknown[])[0] : undefined;
  const fromList = typeof firstError === 'string' ? firstError : typeof firstError === 'object' && firstError !== null ? (firstError as Record<string, unknown>).message : undefined;
  const candidates = [record.message, nested, record.error, record.detail, record.title, fromList];
  const found = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
  return found?.slice(0, 500);
}
