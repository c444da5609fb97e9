import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../auth/permissions.js';
import type { AppContext } from '../context.js';
import { packageRoot } from '../package-root.js';
import { demoSandboxCredentials } from './demo-sandbox-credentials.js';

/** A demo user and the password printed for them. */
export interface DemoAccount {
  readonly email: string;
  readonly password: string;
  readonly roles: string;
}

const LOGO =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#0f766e"/>' +
      '<path d="M16 44V20h8l16 16V20h8v24h-8L24 28v16z" fill="#fff"/></svg>',
  ).toString('base64');

/** The packaged template the demo workspace starts from. */
const TEMPLATE = join(packageRoot, 'templates/order-exception-routing/definition.json');

/**
 * Seeds an empty database with a demo workspace: the platform operator, a partner (a system
 * integrator) with its brand, one of its customers (a distributor), a person for each role, and a governed, active workflow
 * from the order-exception template. Passwords are random (or `FLOWGATE_DEMO_PASSWORD`), written
 * once to `<data>/demo-credentials.txt` (0600) and returned for printing.
 */
export async function seedDemo(app: AppContext): Promise<DemoAccount[]> {
  const partner = await app.tenants.createPartner('Northwind Integrations', 'northwind', {
    productName: 'Northwind Flow',
    logoDataUrl: LOGO,
    primaryColor: '#0f766e',
    accentColor: '#f59e0b',
    supportEmail: 'support@northwind.example',
    supportUrl: 'https://support.northwind.example',
  });
  const customer = await app.tenants.createCustomer(partner.id, 'Contoso Distribution', 'contoso');
  const people: { email: string; name: string; tenantId: string | null; roles: Role[]; label: string }[] = [
    { email: 'platform@flowgate.example', name: 'Pat Platform', tenantId: null, roles: [], label: 'platform operator (partners, no workspace)' },
    { email: 'admin@northwind.example', name: 'Noor Admin', tenantId: partner.id, roles: ['owner'], label: 'partner owner' },
    { email: 'consultant@northwind.example', name: 'Chris Consultant', tenantId: partner.id, roles: ['designer'], label: 'partner consultant (designer)' },
    { email: 'approver@northwind.example', name: 'Alex Approver', tenantId: partner.id, roles: ['approver'], label: 'partner approver' },
    { email: 'owner@contoso.example', name: 'Olivia Owner', tenantId: customer.id, roles: ['owner'], label: 'customer owner' },
    { email: 'operator@contoso.example', name: 'Omar Operator', tenantId: customer.id, roles: ['operator'], label: 'customer operator' },
  ];
  const accounts: DemoAccount[] = [];
  const ids = new Map<string, string>();
  for (const person of people) {
    const password = app.config.demoPassword ?? randomBytes(9).toString('base64url');
    const user = await app.sessions.createUser(person.email, person.name, password);
    if (person.tenantId === null) await app.platform.makeOperator(user.id);
    else await app.tenants.grantMembership(person.tenantId, user.id, person.roles);
    ids.set(person.email, user.id);
    accounts.push({ email: person.email, password, roles: person.label });
  }
  const consultant = { id: ids.get('consultant@northwind.example') as string };
  const approver = { id: ids.get('approver@northwind.example') as string };
  const definition = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Record<string, unknown>;
  const workflow = await app.workflows.create(customer.id, consultant, { name: 'Order exception routing', definition });
  await app.workflows.submit(customer.id, consultant, workflow.id, 'First version from the template');
  await app.workflows.review(customer.id, approver, workflow.id, 1, 'approve', 'Reviewed with the customer');
  await app.workflows.activate(customer.id, approver, workflow.id, 1, 'Go-live of the demo workspace');
  const { sandboxUrl, sandboxSmtp } = app.config;
  if (sandboxUrl !== undefined && sandboxSmtp !== undefined) {
    // Test runs of drafts may use them: they open nothing but the loopback sandbox, so a consultant
    // can try a connector step in the demo before anything is signed off.
    for (const credential of demoSandboxCredentials(sandboxUrl, sandboxSmtp)) {
      const created = await app.credentials.create(customer.id, 'system', credential.name, credential.secret, credential.allowedHosts);
      await app.credentials.setAllowDrafts(customer.id, created.id, true);
    }
  }
  for (const [tenantId, action] of [
    [partner.id, 'demo.seed'],
    [customer.id, 'demo.seed'],
  ] as const) {
    await app.audit.append({ tenantId, actorId: 'system', action, targetType: 'tenant', targetId: tenantId, details: { workflows: tenantId === customer.id ? 1 : 0 } });
  }
  const file = join(app.config.dataDir, 'demo-credentials.txt');
  writeFileSync(file, accounts.map((account) => `${account.email}\t${account.password}\t${account.roles}`).join('\n') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return accounts;
}

/** Whether the database has no tenants yet. */
export async function isEmpty(app: AppContext): Promise<boolean> {
  return (await app.sql.get('SELECT 1 AS found FROM tenants LIMIT 1')) === undefined;
}
