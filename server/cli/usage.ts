/** The commands of `flowgate`, each with the help `flowgate <command> --help` prints. */
export const COMMAND_USAGE = {
  start: `Usage: flowgate start [--role <role>] [--port <n>] [--host <address>] [--data <dir>] [--no-demo]
                      [--concurrency <n>]

Runs Flowgate until SIGTERM or SIGINT, then shuts down gracefully: by default (--role all) the
API, the designer, webhooks, runs, schedules and timers in this one process.

Options:
  --role <role>       what this process does (default all, or FLOWGATE_ROLE):
                        all        everything, in one process (SQLite, or alone on PostgreSQL)
                        api        the API, the designer and webhooks; runs go to workers
                        webhooks   only webhooks (and health); runs go to workers
                        worker     executes runs taken from the job queue (no HTTP)
                        scheduler  one elected leader fires schedules and timers, applies
                                   retention and delivers events; the others stand by (no HTTP)
                      roles other than all need FLOWGATE_DATABASE_URL
  --port <n>          port to listen on (default 3000, or PORT; 0 picks a free one)
  --host <address>    address to listen on (default 127.0.0.1, or HOST)
  --data <dir>        data directory (default ./data, or FLOWGATE_DATA)
  --no-demo           do not seed the demo workspace into an empty database (only all seeds it)
  --concurrency <n>   runs a worker executes at once (default 8, or FLOWGATE_WORKER_CONCURRENCY)
  -h, --help          show this help

The data is in <data>/flowgate.db (SQLite) unless FLOWGATE_DATABASE_URL names a PostgreSQL
database (postgres://user:password@host:5432/db), which every process of a deployment shares;
see docs/deployment.md.`,
  worker: `Usage: flowgate worker [--concurrency <n>] [--data <dir>]

The same as flowgate start --role worker: executes runs taken from the PostgreSQL job queue
until SIGTERM or SIGINT; needs FLOWGATE_DATABASE_URL. See flowgate start --help.

Options:
  --concurrency <n>   runs executed at once (default 8, or FLOWGATE_WORKER_CONCURRENCY)
  --data <dir>        data directory, for the master key file (default ./data, or FLOWGATE_DATA)
  -h, --help          show this help`,
  validate: `Usage: flowgate validate <workflow.json>

Checks a workflow definition and prints each problem as "path: message".
Exit 0 when it is valid, 1 when it is not, 2 when the file cannot be read.

Options:
  -h, --help          show this help`,
  run: `Usage: flowgate run <workflow.json> [--input <json>|@file] [--params <json>|@file]
                    [--credentials <json>|@file] [--db <path>]

Runs a workflow once and prints the run as JSON. Sub-workflows, forEach bodies and error
workflows resolve to <id>.json beside the file.
Exit 0 succeeded, 1 failed, 3 waiting, 2 bad input.

Options:
  --input <json>        the run input, inline or @file.json (default {})
  --params <json>       the workflow params, inline or @file.json
  --credentials <json>  { "<id>": { "type": "bearer", "token": "..." } }, inline or @file.json
  --db <path>           keep the run in this database file (default: a temporary one)
  -h, --help            show this help`,
  admin: `Usage: flowgate admin <task> [options]

Administration of an installation from the server's machine, on its data directory
(the server may be running).

Tasks:
  create-partner    create a partner and invite its owner by mail

Run flowgate admin <task> --help for a task's options.`,
  sandbox: `Usage: flowgate sandbox [--port <n>] [--smtp-port <n>] [--token-ttl <seconds>]

Serves stand-ins for the demo distributor's systems on 127.0.0.1, over seeded data:
Shopify Admin REST, Business Central API v2.0 (with its OAuth2 token endpoint), ShipStation,
Slack and Teams incoming webhooks, and an SMTP server that keeps every mail. The page at its
URL shows what it received. See docs/sandbox.md.

Options:
  --port <n>          HTTP port (default 4010; 0 picks a free one)
  --smtp-port <n>     SMTP port (default 2525; 0 picks a free one)
  --token-ttl <s>     seconds a Business Central access token lives (default 3599)
  -h, --help          show this help`,
} as const;

/** What \`flowgate admin create-partner --help\` prints. */
export const CREATE_PARTNER_USAGE = `Usage: flowgate admin create-partner --name <name> --slug <slug> --owner-email <email>
                                     [--data <dir>]

Creates a partner (a system integrator, an agency) and invites its owner: a single-use link,
valid 72 hours, mailed through FLOWGATE_SMTP_URL or written to <data>/outbox/, and printed here.
The owner chooses their own password when they open it. Recorded in the partner's audit log as
system:cli. Exit 0 when created, 1 when the slug is taken, 2 for bad options.

Options:
  --name <name>          the partner's name, e.g. "Northwind Integrations"
  --slug <slug>          its short name in addresses: lowercase letters, digits, inner dashes
  --owner-email <email>  who becomes its owner
  --data <dir>           data directory (default ./data, or FLOWGATE_DATA)
  -h, --help             show this help

Links in the mail start with FLOWGATE_PUBLIC_URL (default http://127.0.0.1:3000, or HOST and PORT).`;

/** A command of `flowgate`. */
export type CommandName = keyof typeof COMMAND_USAGE;

/** What `flowgate --help` prints. */
export const USAGE = `Usage: flowgate <command> [options]

Commands:
  start       serve the API and the designer (port 3000, data in ./data), or run one role
  worker      execute runs from the PostgreSQL job queue (flowgate start --role worker)
  validate    check a workflow definition
  run         run a workflow once and print the run as JSON
  admin       administration: flowgate admin create-partner
  sandbox     serve stand-ins for Shopify, Business Central, ShipStation, Slack, Teams and SMTP
  help        show the help of a command: flowgate help <command>

Options:
  -h, --help     show this help; flowgate <command> --help shows a command's
  --version      print the version`;

/** Whether `name` is one of the commands. */
export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_USAGE, name);
}
