import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { EnvValidationError, validateEnv } from '../config/env.schema';
import { EmbeddedDatabaseBusyError } from '../database/embedded-lock';
import { CliUsageError, parseFlags } from './args';
import { COMMANDS } from './commands';

function usage(): string {
  return `Usage: npm run cli -- <command> [flags]\nCommands:\n${Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name ? `Unknown command "${name}"\n` : ''}${usage()}\n`);
    return 2;
  }
  const env = validateEnv({ LOG_LEVEL: 'warn', ...process.env });
  const app = await NestFactory.createApplicationContext(
    AppModule.register({
      env,
      logDestination: process.stderr,
      database: { holder: 'the Tollgate CLI', migrate: !command.noMigrate },
    }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  try {
    await command.run(app, parseFlags(rest), (line) => process.stdout.write(`${line}\n`));
    return 0;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof EnvValidationError || err instanceof EmbeddedDatabaseBusyError || err instanceof CliUsageError;
    process.stderr.write(`${known ? (err as Error).message : `Command failed: ${(err as Error)?.stack ?? String(err)}`}\n`);
    process.exit(known && err instanceof CliUsageError ? 2 : 1);
  },
);
