import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The module graph the README's Layout section draws. A folder may import only folders above it in this list (its
// own files aside): imports between feature folders run one way, so a feature can be read, tested and changed with
// only what is above it in mind. The root files (app.module, main, bootstrap) and the CLI compose everything.
const LAYERS = [
  'common',
  'config',
  'database',
  'stripe',
  'auth',
  'audit',
  'api-keys',
  'health',
  'catalog',
  'settings',
  'offers',
  'subscriptions',
  'billing',
  'tax',
  'events',
  'entitlements',
  'metering',
  'access',
  'metrics',
  'web',
] as const;
const COMPOSERS = new Set(['(root)', 'cli']);

const SRC = resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? parts[0] : '(root)';
};

const FILES = sourceFiles(SRC).map((path) => ({ path, name: relative(SRC, path), folder: folderOf(path), text: readFileSync(path, 'utf8') }));

/** Every relative import of a source file, as the folder it lands in. */
function importedFolders(file: (typeof FILES)[number]): { spec: string; folder: string }[] {
  const specs = [...file.text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return specs.map((spec) => ({ spec, folder: folderOf(resolve(dirname(file.path), spec)) })).filter((i) => !i.folder.startsWith('..'));
}

describe('module boundaries', () => {
  it('lists every folder of src/ in the layering', () => {
    const folders = new Set(FILES.map((f) => f.folder));
    for (const c of COMPOSERS) folders.delete(c);
    expect([...folders].sort()).toEqual([...LAYERS].sort());
  });

  it('imports between folders run one way: down the layering, never up or sideways', () => {
    const rank = new Map<string, number>(LAYERS.map((l, i) => [l, i]));
    const wrong: string[] = [];
    for (const file of FILES) {
      if (COMPOSERS.has(file.folder)) continue;
      for (const imp of importedFolders(file)) {
        if (imp.folder === file.folder) continue;
        if (COMPOSERS.has(imp.folder) || (rank.get(imp.folder) ?? Infinity) > rank.get(file.folder)!) {
          wrong.push(`${file.name} imports ${imp.spec} (${imp.folder})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the Stripe module imports no feature', () => {
    const features = new Set(LAYERS.slice(LAYERS.indexOf('auth')));
    const stripeImports = FILES.filter((f) => f.folder === 'stripe').flatMap((f) =>
      importedFolders(f).filter((i) => features.has(i.folder as never)),
    );
    expect(stripeImports).toEqual([]);
  });

  it('every entity is declared with TypeOrmModule.forFeature by the module of its own folder', () => {
    const entities = FILES.filter((f) => f.name.endsWith('.entity.ts')).flatMap((f) =>
      [...f.text.matchAll(/@Entity\([^)]*\)\s*(?:@[^\n]*\s*)*export class (\w+)/g)].map((m) => ({ name: m[1], folder: f.folder })),
    );
    expect(entities.length).toBeGreaterThanOrEqual(14);
    const undeclared = entities.filter(({ name, folder }) => {
      const modules = FILES.filter((f) => f.folder === folder && f.name.endsWith('.module.ts'));
      return !modules.some((m) => new RegExp(`TypeOrmModule\\.forFeature\\(\\[[^\\]]*\\b${name}\\b`).test(m.text));
    });
    expect(undeclared).toEqual([]);
  });

  it('no feature injects the DataSource, looks providers up with strict: false, or runs SQL outside a repository', () => {
    const features = FILES.filter((f) => !COMPOSERS.has(f.folder) && f.folder !== 'database');
    expect(features.filter((f) => /InjectDataSource|InjectEntityManager/.test(f.text)).map((f) => f.name)).toEqual([]);
    expect(FILES.filter((f) => /strict:\s*false/.test(f.text)).map((f) => f.name)).toEqual([]);
    const sqlOutside = features.filter((f) => !f.name.endsWith('.repository.ts') && /\.query\(|createQueryBuilder\(/.test(f.text));
    expect(sqlOutside.map((f) => f.name)).toEqual([]);
  });
});
