import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class EmbeddedDatabaseBusyError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When a process started, as a string that tells two processes with the same pid apart, or null when it cannot be
 * told (no such process, or no way to ask). Linux: the boot and field 22 of /proc/<pid>/stat (clock ticks since
 * boot); elsewhere (macOS, the BSDs) `ps -o lstart`, to the second. `procRoot` is a test seam.
 */
export function processStartTime(pid: number, procRoot = '/proc'): string | null {
  if (existsSync(join(procRoot, 'self', 'stat'))) {
    try {
      const stat = readFileSync(join(procRoot, String(pid), 'stat'), 'utf8');
      // Field 2 (the command name, in parentheses) may hold spaces and ')': count from the last ')', which ends it.
      const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3];
      if (!ticks || !/^\d+$/.test(ticks)) return null;
      let boot = '';
      try {
        boot = readFileSync(join(procRoot, 'sys', 'kernel', 'random', 'boot_id'), 'utf8').trim();
      } catch {
        // Without a boot id the ticks alone still tell most reuses apart.
      }
      return `proc:${boot}:${ticks}`;
    } catch {
      return null;
    }
  }
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    return started ? `ps:${started}` : null;
  } catch {
    return null;
  }
}

interface LockOwner {
  pid?: number;
  /** processStartTime(pid) when the lock was taken; absent in lock files written before it was recorded. */
  started?: string;
  holder?: string;
}

/**
 * Whether the lock's owner still runs. A pid alone is not enough: after a crash (or in a container, where the
 * service is often pid 1 on every start) the pid may belong to another process by now. When the file records the
 * owner's start time and that pid's start time can be read the same way, they must match.
 */
function ownerRuns(owner: LockOwner): boolean {
  if (!owner.pid || owner.pid === process.pid || !isAlive(owner.pid)) return false;
  if (typeof owner.started !== 'string') return true; // an older lock file: the pid is all there is to go on
  const now = processStartTime(owner.pid);
  // Unreadable now, or recorded another way (a data directory moved between systems): judge by the pid, as before.
  const sameKind = now !== null && now.split(':')[0] === owner.started.split(':')[0];
  return !sameKind || now === owner.started;
}

/**
 * PGlite is a single-process database: two processes opening one data directory would corrupt it.
 * A pid file taken with O_EXCL makes a second opener fail at once instead; a stale file (its pid dead, or now another
 * process's) is taken over.
 */
export function acquireEmbeddedLock(dataDir: string, holder: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'tollgate.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const started = processStartTime(process.pid) ?? undefined;
      writeSync(fd, JSON.stringify({ pid: process.pid, started, holder, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner: LockOwner = {};
      try {
        owner = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // An unreadable lock file is treated as stale.
      }
      if (ownerRuns(owner)) {
        throw new EmbeddedDatabaseBusyError(
          `The embedded database in ${dataDir} is in use by ${owner.holder ?? 'another process'} (pid ${owner.pid}). ` +
            'Stop the service first, or set DATABASE_URL to use PostgreSQL, which allows several processes.',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new EmbeddedDatabaseBusyError(`Could not lock the embedded database in ${dataDir}`);
}
