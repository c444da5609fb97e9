import { NodeExecutionError, type NodeContext } from '../../../runtime/definition/index.js';

/**
 * The fields of a stored credential for a request to `url`, checked to be of `type` and to hold
 * every one of `required`. The store's refusals (wrong host, a draft's test run) pass through;
 * other failures are reported without their text, which is not ours to vouch holds no secret.
 */
export async function credentialFields<Name extends string>(
  ctx: NodeContext,
  credentialId: string,
  url: URL,
  type: string,
  required: readonly Name[],
): Promise<Readonly<Record<Name, string>>> {
  let fields: Readonly<Record<string, string>>;
  try {
    fields = await ctx.secrets.get(credentialId, { url: url.href });
  } catch (error) {
    if (error instanceof NodeExecutionError) throw error;
    throw new NodeExecutionError(`the credential "${credentialId}" could not be loaded`, { code: 'CREDENTIAL_UNAVAILABLE' });
  }
  if (fields.type !== type) {
    throw new NodeExecutionError(`the credential "${credentialId}" is of type ${fields.type ?? 'unknown'}; this step needs a ${type} credential`, {
      code: 'CREDENTIAL_INVALID',
    });
  }
  for (const name of required) {
    if (fields[name] === undefined || fields[name] === '') {
      throw new NodeExecutionError(`the ${type} credential "${credentialId}" has no "${name}"`, { code: 'CREDENTIAL_INVALID' });
    }
  }
  return fields;
}
