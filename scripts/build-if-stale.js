#!/usr/bin/env node
// `npm run cli` runs this first: it builds (`npm run build`) only when something the build reads changed since the
// last build made here, so a CLI call on an up-to-date dist/ starts at once instead of after a 15-20 s build.
//
// What counts as changed: a file or folder (so an added, removed or renamed file too) under the build's inputs with a
// modification time at or after the stamp dist/.build-stamp, whose time is set to when that build started (an edit
// made during a build is seen by the next call). No stamp, or no CLI entry point, also means: build.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const STAMP = join(root, 'dist/.build-stamp');
const ENTRY = join(root, 'dist/src/cli/main.js');
// tsconfig.build.json's include, what bench/ imports from test/support, nest-cli.json's assets, and the configuration.
const INPUTS = [
  'src',
  'migrations',
  'bench',
  'test/support',
  'public',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package.json',
  'package-lock.json',
];

/** The newest modification time (ms) of a path and, for a folder, of everything below it; 0 when it is absent. */
function newest(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  let latest = st.mtimeMs;
  if (st.isDirectory()) for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

function isStale() {
  if (!existsSync(STAMP) || !existsSync(ENTRY)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((p) => newest(join(root, p)) >= built);
}

if (isStale()) {
  const started = new Date();
  process.stderr.write('dist/ is out of date: npm run build\n');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(STAMP, 'Written by scripts/build-if-stale.js after a successful build; its time is when that build started.\n');
  utimesSync(STAMP, started, started);
}
