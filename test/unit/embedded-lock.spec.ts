import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireEmbeddedLock, EmbeddedDatabaseBusyError, processStartTime } from '../../src/database/embedded-lock';

// The embedded database's lock file names its owner by pid and start time, so a pid that now belongs to another
// process (after a crash, or pid 1 of a restarted container) does not keep the database locked.
const linux = existsSync('/proc/self/stat');
const SLEEP = execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim();

let dir: string;
const lockFile = () => join(dir, 'tollgate.lock');
const readLock = () => JSON.parse(readFileSync(lockFile(), 'utf8'));
const writeLock = (owner: object) => writeFileSync(lockFile(), JSON.stringify(owner));
const children: ChildProcess[] = [];
const startChild = (file = SLEEP) => {
  const child = spawn(file, ['60'], { stdio: 'ignore' });
  children.push(child);
  return child;
};
const exited = (child: ChildProcess) =>
  new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.once('exit', done)));
/** A pid that ran and has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
/** Our start time with its ticks changed: the same pid, another process. */
const otherStart = (pid: number) => processStartTime(pid)!.replace(/\d+$/, (t) => String(Number(t) + 1));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tollgate-lock-'));
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL');
    await exited(child);
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Takes the lock (expecting to) and says whether it now names this process; releases it again. */
function takesOver(): boolean {
  const release = acquireEmbeddedLock(dir, 'test');
  const mine = readLock().pid === process.pid;
  release();
  return mine;
}

const refuses = () => expect(() => acquireEmbeddedLock(dir, 'test')).toThrow(EmbeddedDatabaseBusyError);

describe('processStartTime', () => {
  (linux ? it : it.skip)('on Linux: the boot id and field 22 of /proc/<pid>/stat, which matches when we started', () => {
    const started = processStartTime(process.pid)!;
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    expect(started).toMatch(new RegExp(`^proc:${boot}:\\d+$`));
    // Independently: system uptime minus our uptime, in clock ticks.
    const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
    const expected = (Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) - process.uptime()) * hz;
    expect(Math.abs(Number(started.split(':').pop()) - expected)).toBeLessThan(hz);
  });

  (linux ? it : it.skip)('reads past a command name with spaces and parentheses', async () => {
    const odd = join(dir, 'a) 1 2 (b');
    copyFileSync(SLEEP, odd);
    execFileSync('chmod', ['+x', odd]);
    const plain = startChild();
    const named = startChild(odd);
    await new Promise((r) => setTimeout(r, 100));
    expect(readFileSync(`/proc/${named.pid}/stat`, 'utf8')).toContain('(a) 1 2 (b)');
    const ticks = (pid: number) => Number(processStartTime(pid)!.split(':').pop());
    expect(Math.abs(ticks(named.pid!) - ticks(plain.pid!))).toBeLessThan(50);
  });

  it('falls back to ps where there is no /proc, and is null for a process that is gone', () => {
    expect(processStartTime(process.pid, join(dir, 'no-proc'))).toMatch(/^ps:\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    expect(processStartTime(deadPid(), join(dir, 'no-proc'))).toBeNull();
    expect(processStartTime(deadPid())).toBeNull();
  });
});

describe('acquireEmbeddedLock', () => {
  it('records our pid and start time', () => {
    const release = acquireEmbeddedLock(dir, 'tollgate');
    expect(readLock()).toEqual({ pid: process.pid, started: processStartTime(process.pid), holder: 'tollgate', since: expect.any(String) });
    release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it.each([
    ['our parent', () => process.ppid],
    ['pid 1', () => 1],
  ])('takes over a lock naming a live stranger (%s) whose start time differs', (_, pid) => {
    writeLock({ pid: pid(), started: otherStart(pid()), holder: 'tollgate' });
    expect(takesOver()).toBe(true);
  });

  it('refuses while the owner runs with the start time it recorded; takes over once it has exited', async () => {
    const owner = startChild();
    await new Promise((r) => setTimeout(r, 50));
    writeLock({ pid: owner.pid, started: processStartTime(owner.pid!), holder: 'tollgate' });
    refuses();
    expect(readLock().pid).toBe(owner.pid);
    writeLock({ pid: process.ppid, started: processStartTime(process.ppid), holder: 'tollgate' });
    refuses();
    owner.kill('SIGKILL');
    await exited(owner);
    writeLock({ pid: owner.pid, started: processStartTime(process.ppid), holder: 'tollgate' });
    expect(takesOver()).toBe(true);
  });

  it('a lock file of the older format (pid only) is judged by the pid, as before', () => {
    writeLock({ pid: process.ppid, holder: 'tollgate', since: new Date().toISOString() });
    refuses();
    writeLock({ pid: deadPid(), holder: 'tollgate' });
    expect(takesOver()).toBe(true);
  });

  it('a start time recorded another way (another system) is judged by the pid', () => {
    writeLock({ pid: process.ppid, started: linux ? 'ps:Sat Dec  5 07:15:01 2026' : 'proc::1', holder: 'tollgate' });
    refuses();
  });

  it('takes over an unreadable lock file, and one naming this very process', () => {
    writeFileSync(lockFile(), '{not json');
    expect(takesOver()).toBe(true);
    writeLock({ pid: process.pid, started: processStartTime(process.pid) });
    expect(takesOver()).toBe(true);
  });
});
