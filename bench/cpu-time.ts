import { readFileSync, readdirSync } from 'node:fs';

/** Linux's clock ticks per second for the times in /proc/<pid>/stat (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces), from field 3 on. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) a process used, with those of its children it has waited for
 * (how a PostgreSQL postmaster accounts for its backends once they exit). Linux only; 0 when the
 * process is gone.
 */
export function cpuSeconds(pid: number): number {
  // utime, stime, cutime and cstime are fields 14 to 17.
  const ticks = (statFields(pid) ?? []).slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
  return ticks / TICKS_PER_SECOND;
}

function processIds(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** {@link cpuSeconds} of a process and of its living children: what a PostgreSQL server used so far. */
export function treeCpuSeconds(pid: number): number {
  const children = processIds().filter((candidate) => statFields(candidate)?.[1] === String(pid));
  return cpuSeconds(pid) + children.reduce((sum, child) => sum + cpuSeconds(child), 0);
}

/** The pid of the PostgreSQL postmaster listening on `port` (started with `-p <port>`), if any. */
export function postmasterPid(port: number): number | undefined {
  for (const pid of processIds()) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const portIndex = argv.indexOf('-p');
      if (argv[0]?.endsWith('/postgres') && portIndex >= 0 && argv[portIndex + 1] === String(port)) return pid;
    } catch {
      // The process ended while the list was read.
    }
  }
  return undefined;
}
