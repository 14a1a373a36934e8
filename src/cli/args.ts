/** Parses `--flag value` and `--flag=value` pairs; a bare `--flag` is "true". */
export function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      flags[arg.slice(2)] = argv[++i];
    } else {
      flags[arg.slice(2)] = 'true';
    }
  }
  return flags;
}

export class CliUsageError extends Error {}

export function requireFlag(flags: Record<string, string>, name: string): string {
  const v = flags[name];
  if (!v || v === 'true') throw new CliUsageError(`--${name} is required`);
  return v;
}
