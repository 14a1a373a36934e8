import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's `public/` folder, found by walking up from the compiled code to the folder holding package.json,
 * so the same lookup works from `dist/src/web` (node) and from `src/web` (jest).
 */
export function findPublicDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'public');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}: cannot locate the public/ folder`);
    dir = parent;
  }
}
