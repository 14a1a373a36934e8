/** Jest: swc transforms our TypeScript and the ESM-only packages (NestJS 12, PGlite) to CommonJS. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, '^.+\\.[mc]?js$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(?:.*/node_modules/)?(@nestjs|@electric-sql/pglite|file-type|uid|load-esm|strtok3|token-types|@tokenizer|uint8array-extras|@fastify/static|content-disposition|cookie|@apidevtools/json-schema-ref-parser|change-case|parse-json|index-to-position|supports-color)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e-pglite',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/setup-pglite.ts',
      globalTeardown: '<rootDir>/test/support/teardown-pglite.ts',
      setupFiles: ['<rootDir>/test/support/use-pglite.ts'],
    },
    {
      ...base,
      displayName: 'e2e-postgres',
      // *.pg-e2e-spec.ts: what only PostgreSQL can show (several service instances on one database, the database
      // going away under a running service); PGlite is one in-process database, so those cases do not exist there.
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts', '<rootDir>/test/e2e/**/*.pg-e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/setup-postgres.ts',
      globalTeardown: '<rootDir>/test/support/teardown-postgres.ts',
      setupFiles: ['<rootDir>/test/support/use-postgres.ts'],
    },
    {
      ...base,
      displayName: 'browser',
      // The staff console and paywall page in headless Chromium (Debian's chromium package; npm test installs it).
      // PGlite only: the pages speak HTTP, so the database behind them adds nothing here.
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/setup-pglite.ts',
      globalTeardown: '<rootDir>/test/support/teardown-pglite.ts',
      setupFiles: ['<rootDir>/test/support/use-pglite.ts'],
    },
  ],
};
