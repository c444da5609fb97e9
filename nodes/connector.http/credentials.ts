import { NodeExecutionError, type NodeContext } from '../../runtime/definition/index.js';

/**
 * Adds a stored credential to the request (a header or a query parameter) and returns the secret
 * strings it put there, so they can be kept out of outputs and errors.
 *
 * Credential fields by `type`: `bearer` {token}, `basic` {username, password}, `header` {name, value},
 * `query` {name, value}.
 */
export async function applyCredential(
  ctx: NodeContext,
  credentialId: string,
  url: URL,
  headers: Headers,
): Promise<string[]> {
  return addCredential(credentialId, await loadCredential(ctx, credentialId, url), url, headers);
}

/** The fields of a stored credential for a request to `url`, through `ctx.secrets` (bound to the URL's host). */
export async function loadCredential(ctx: NodeContext, credentialId: string, url: URL, refresh = false): Promise<Readonly<Record<string, string>>> {
  try {
    return await ctx.secrets.get(credentialId, refresh ? { url: url.href, refresh } : { url: url.href });
  } catch (error) {
    // A refusal (wrong host, a draft's test run) is the store's own step error, written to be shown.
    if (error instanceof NodeExecutionError) throw error;
    // Any other error is left out on purpose: it is not ours to vouch that it holds no secret.
    throw new NodeExecutionError(`the credential "${credentialId}" could not be loaded`, {
      code: 'CREDENTIAL_UNAVAILABLE',
    });
  }
}

/**
 * Adds credential fields (of type bearer, basic, header or query) to a request; returns the
 * secret strings it put there.
 */
export function addCredential(
  credentialId: string,
  fields: Readonly<Record<string, string>>,
  url: URL,
  headers: Headers,
): string[] {
  const type = fields.type;
  const required = (name: string): string => {
    const value = fields[name];
    if (value === undefined || value === '') {
      throw new NodeExecutionError(`the ${type ?? ''} credential "${credentialId}" has no "${name}"`, {
        code: 'CREDENTIAL_INVALID',
      });
    }
    return value;
  };
  switch (type) {
    case 'bearer': {
      const token = required('token');
      headers.set('authorization', `Bearer ${token}`);
      return [token];
    }
    case 'basic': {
      const username = required('username');
      const password = fields.password ?? '';
      const encoded = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
      headers.set('authorization', `Basic ${encoded}`);
      return [password, encoded];
    }
    case 'header': {
      const name = required('name');
      const value = required('value');
      try {
        headers.set(name, value);
      } catch {
        throw new NodeExecutionError(
          `the header credential "${credentialId}" names an invalid header or holds a value HTTP does not allow`,
          { code: 'CREDENTIAL_INVALID' },
        );
      }
      return [value];
    }
    case 'query': {
      const value = required('value');
      url.searchParams.append(required('name'), value);
      return [value, encodeURIComponent(value)];
    }
    default:
      throw new NodeExecutionError(
        type === undefined
          ? `the credential "${credentialId}" has no type`
          : `the credential "${credentialId}" has type "${type}", which the HTTP node cannot use; ` +
              'expected bearer, basic, header or query',
        { code: 'CREDENTIAL_INVALID' },
      );
  }
}
