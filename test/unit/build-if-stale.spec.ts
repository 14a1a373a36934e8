import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// `npm run cli` builds only when dist/ is out of date. Run here on a throwaway project with a stub `npm` that
// records each build and writes the CLI entry point (or fails, or edits a source file while "building").
const SCRIPT = resolve(__dirname, '../../scripts/build-if-stale.js');

describe('scripts/build-if-stale.js', () => {
  let dir: string;
  let builds: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-build-if-stale-'));
    builds = join(dir, 'builds.log');
    for (const d of ['scripts', 'src/cli', 'migrations', 'bin']) mkdirSync(join(dir, d), { recursive: true });
    copyFileSync(SCRIPT, join(dir, 'scripts/build-if-stale.js'));
    writeFileSync(join(dir, 'src/cli/main.ts'), 'export {};\n');
    writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
    stubNpm('');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function stubNpm(during: string) {
    const npm = join(dir, 'bin/npm');
    writeFileSync(npm, `#!/bin/sh\necho "$*" >> "${builds}"\n${during}\nmkdir -p "${dir}/dist/src/cli" && touch "${dir}/dist/src/cli/main.js"\n`);
    chmodSync(npm, 0o755);
  }

  function run(): { code: number | null; builds: number } {
    const r = spawnSync(process.execPath, [join(dir, 'scripts/build-if-stale.js')], {
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    return { code: r.status, builds: existsSync(builds) ? readFileSync(builds, 'utf8').trim().split('\n').length : 0 };
  }

  it('builds once, then not again until an input changes', () => {
    expect(run()).toEqual({ code: 0, builds: 1 });
    expect(readFileSync(builds, 'utf8')).toBe('run build --silent\n');
    expect(run()).toEqual({ code: 0, builds: 1 });
    writeFileSync(join(dir, 'src/cli/main.ts'), 'export const changed = 1;\n');
    expect(run()).toEqual({ code: 0, builds: 2 });
    expect(run()).toEqual({ code: 0, builds: 2 });
  });

  it('sees an added or removed file, a changed configuration, and a missing entry point', () => {
    run();
    writeFileSync(join(dir, 'migrations/2-next.ts'), 'export {};\n');
    expect(run().builds).toBe(2);
    rmSync(join(dir, 'migrations/2-next.ts'));
    expect(run().builds).toBe(3);
    writeFileSync(join(dir, 'tsconfig.json'), '{ }\n');
    expect(run().builds).toBe(4);
    rmSync(join(dir, 'dist/src/cli/main.js'));
    expect(run().builds).toBe(5);
    expect(run().builds).toBe(5);
  });

  it('builds again after an edit made during the build', () => {
    stubNpm(`sleep 0.05; echo 'export const late = 1;' > "${dir}/src/cli/main.ts"`);
    expect(run()).toEqual({ code: 0, builds: 1 });
    stubNpm('');
    expect(run()).toEqual({ code: 0, builds: 2 });
    expect(run()).toEqual({ code: 0, builds: 2 });
  });

  it('fails with the build, and tries again next time', () => {
    writeFileSync(join(dir, 'bin/npm'), `#!/bin/sh\necho "$*" >> "${builds}"\nexit 3\n`);
    expect(run()).toEqual({ code: 3, builds: 1 });
    expect(run()).toEqual({ code: 3, builds: 2 });
  });
});
