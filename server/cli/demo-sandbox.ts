import type { ServerConfig } from '../config.js';
import { createSandbox, type Sandbox } from '../sandbox/create-sandbox.js';
import { DEFAULT_SANDBOX_PORT, DEFAULT_SMTP_PORT } from '../sandbox/sandbox-command.js';

/** The sandbox started beside the demo, and the server configuration that uses it. */
export interface DemoSandbox {
  readonly sandbox: Sandbox;
  readonly config: ServerConfig;
}

/** Listens on the preferred ports, or on free ones when those are taken (another sandbox, say). */
async function listen(ports: { port: number; smtpPort: number }): Promise<Sandbox> {
  try {
    return await createSandbox(ports);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return createSandbox({ port: 0, smtpPort: 0 });
  }
}

/**
 * Starts the sandbox for the demo workspace on 127.0.0.1 and configures the server to use it: its
 * HTTP and SMTP ports join the deployment's egress allow-list (the guard stays on; only these two
 * loopback ports open), mail goes to its SMTP sink unless FLOWGATE_SMTP_URL names a server, and the
 * demo seed points the demo's credentials at it.
 */
export async function startDemoSandbox(config: ServerConfig, ports = { port: DEFAULT_SANDBOX_PORT, smtpPort: DEFAULT_SMTP_PORT }): Promise<DemoSandbox> {
  const sandbox = await listen(ports);
  const { host, port } = new URL(sandbox.url);
  const smtp = `${sandbox.smtp.host}:${sandbox.smtp.port}`;
  return {
    sandbox,
    config: {
      ...config,
      egressAllow: [...config.egressAllow, `${host.replace(/:\d+$/, '')}:${port}`, smtp],
      smtpUrl: config.smtpUrl ?? `smtp://${smtp}`,
      sandboxUrl: sandbox.url,
      sandboxSmtp: smtp,
    },
  };
}
