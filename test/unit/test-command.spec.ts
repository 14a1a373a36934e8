import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The README's test command is the whole of CI: it brings its own browser, and .ci/run adds nothing to it.
const root = resolve(__dirname, '../..');
const SCRIPT = join(root, 'scripts/ensure-chromium.sh');
const INSTALL = 'apt-get update && apt-get install -y chromium';

describe('the README test command', () => {
  it('is exactly what .ci/run runs', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const fromReadme = readme
      .split('\n')
      .filter((l) => /\bnpm test\b/.test(l) && l.startsWith('npm '))
      .map((l) => l.replace(/#.*/, '').trim());
    const ciLines = readFileSync(join(root, '.ci/run'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(fromReadme).toEqual(['npm install && npm test']);
    expect(ciLines[ciLines.length - 1]).toBe(fromReadme[0]);
    expect(ciLines.filter((l) => /\bnpm\b|chromium/.test(l))).toEqual([fromReadme[0]]);
  });

  it('runs the chromium check first', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.test).toMatch(/^sh scripts\/ensure-chromium\.sh && /);
  });
});

describe('scripts/ensure-chromium.sh', () => {
  let bin: string;
  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'tollgate-ensure-chromium-'));
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  /** Runs the script with stub `id` (as the given uid) and `apt-get` (records its arguments, installs nothing). */
  function run(chromium: string, uid: number) {
    const stub = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    stub('id', `echo ${uid}`);
    stub('apt-get', `echo "$*" >> "${join(bin, 'apt.log')}"`);
    const started = Date.now();
    const r = spawnSync('sh', [SCRIPT, chromium], { env: { PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    let apt: string[] = [];
    try {
      apt = readFileSync(join(bin, 'apt.log'), 'utf8').trim().split('\n');
    } catch {
      // apt-get never ran
    }
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, apt, ms: Date.now() - started };
  }

  it('does nothing when the browser is there', () => {
    const r = run(process.execPath, 1000);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '', apt: [] });
  });

  it('stops at once with the command to run when not root', () => {
    const r = run(join(bin, 'no-chromium'), 1000);
    expect(r.code).toBe(1);
    expect(r.apt).toEqual([]);
    expect(r.stderr).toContain(INSTALL);
    expect(r.ms).toBeLessThan(5000);
  });

  it('installs Debian chromium with apt-get as root', () => {
    const r = run(join(bin, 'no-chromium'), 0);
    expect(r.apt).toEqual(['update -qq', 'install -y -qq chromium']);
    // The stub installed nothing, so the path is still missing: that is an error, not a pass.
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('still missing');
  });
});
