import { z } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { DomainError } from '../domain/domain-error.js';
import { slugSchema } from '../contract/common.js';
import { CliError } from './cli-error.js';
import { parseCommand } from './command-options.js';

/** The options of `flowgate admin create-partner`. */
export const CREATE_PARTNER_OPTIONS = {
  name: { type: 'string' },
  slug: { type: 'string' },
  'owner-email': { type: 'string' },
  data: { type: 'string' },
} as const;

const input = z.object({
  name: z.string().trim().min(1, 'give the partner a name with --name').max(200),
  slug: slugSchema,
  ownerEmail: z.email('--owner-email must be an email address').max(320),
});

/**
 * `flowgate admin create-partner --name <name> --slug <slug> --owner-email <email> [--data <dir>]`:
 * creates a partner in the data directory's database — the server may be running on it — and
 * invites its owner as the platform operator would: the invitation is mailed (through
 * FLOWGATE_SMTP_URL, or into `<data>/outbox/`) and its link printed, since the person at the
 * server's console may be the only one who can pass it on. Returns the exit code.
 */
export async function createPartnerCommand(args: readonly string[], out: (line: string) => void): Promise<number | 'help'> {
  const { values, positionals } = parseCommand('admin create-partner', args, CREATE_PARTNER_OPTIONS, false);
  if (values.help) return 'help';
  if (positionals.length > 0) throw new CliError('flowgate admin create-partner takes no arguments; see flowgate admin create-partner --help');
  for (const option of ['name', 'slug', 'owner-email'] as const) {
    if (values[option] === undefined) throw new CliError(`--${option} is required; see flowgate admin create-partner --help`);
  }
  const parsed = input.safeParse({ name: values.name, slug: values.slug, ownerEmail: values['owner-email'] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = issue?.path[0] === 'ownerEmail' ? 'owner-email' : String(issue?.path[0] ?? '');
    throw new CliError(`--${option}: ${issue?.message ?? 'not valid'}; see flowgate admin create-partner --help`);
  }
  let config;
  try {
    config = loadConfig(values.data === undefined ? [] : ['--data', values.data]);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  // The server's modules load once the options are known to be good, so a mistake is answered at once.
  const [{ createAppContext }, { createLogger }, { createPartnerWithOwner }, { SYSTEM_ACTORS }] = await Promise.all([
    import('../context.js'),
    import('../observability/logger.js'),
    import('../routes/platform.js'),
    import('../services/engine-audit.js'),
  ]);
  const app = await createAppContext({ ...config, demo: false }, createLogger('warn'));
  try {
    app.links.listening(`http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`);
    const created = await createPartnerWithOwner(app, { id: SYSTEM_ACTORS.cli, name: 'The platform operator' }, parsed.data);
    out(`Partner ${created.partner.name} (${created.partner.slug}) created in ${config.dataDir}.`);
    const where = config.smtpUrl === undefined ? `written to ${config.dataDir}/outbox/` : 'mailed';
    out(
      created.delivery === 'sent'
        ? `The invitation for its owner, ${created.invitation.email}, was ${where}.`
        : `The invitation for its owner, ${created.invitation.email}, could not be mailed (see the log); pass the link on yourself.`,
    );
    out(`Invitation link (works once, until ${created.invitation.expiresAt}): ${app.links.invitation(created.token)}`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message, 1);
    throw error;
  } finally {
    await app.engine.shutdown();
    await app.egress.close();
    await app.store.close();
    app.mailer.close();
  }
}
