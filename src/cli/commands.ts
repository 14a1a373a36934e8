import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLI_ACTOR } from '../auth/actor';
import { API_KEY_ROLES, ApiKeyRole } from '../auth/api-key.entity';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { StripeClient } from '../stripe/stripe-client';
import { StripeOffersService } from '../offers/stripe-offers.service';
import { StripeCatalogService } from '../catalog/stripe-catalog.service';
import { StripeReconcileService } from '../billing/stripe-reconcile.service';
import { seedDemoCatalog } from '../catalog/demo-catalog';
import { runMigrations } from '../database/data-source';
import { DATABASE_MODE, DatabaseMode } from '../database/database.module';
import { CliUsageError, requireFlag } from './args';

export interface CliCommand {
  usage: string;
  /** Open the app without applying migrations first (migration commands manage them themselves). */
  noMigrate?: boolean;
  run(app: INestApplicationContext, flags: Record<string, string>, out: (line: string) => void): Promise<void>;
}

function requireStripe(app: INestApplicationContext): void {
  if (!app.get(StripeClient).configured)
    throw new CliUsageError('Stripe is not configured: set STRIPE_SECRET_KEY (and STRIPE_API_URL for a local Stripe)');
}

/** Every CLI command. Add new ones here; each prints what it did, and its main answer last. */
export const COMMANDS: Record<string, CliCommand> = {
  'api-keys:create': {
    usage: 'api-keys:create --role admin|paywall --name NAME',
    async run(app, flags, out) {
      const role = requireFlag(flags, 'role');
      if (!API_KEY_ROLES.includes(role as ApiKeyRole)) throw new CliUsageError(`--role must be one of ${API_KEY_ROLES.join(', ')}`);
      const created = await app.get(ApiKeysService).create(CLI_ACTOR, role as ApiKeyRole, requireFlag(flags, 'name'));
      out(`Created ${created.role} key "${created.name}" (id ${created.id}). It is shown once; store it now:`);
      out(created.key);
    },
  },
  'api-keys:list': {
    usage: 'api-keys:list',
    async run(app, _flags, out) {
      for (const k of await app.get(ApiKeysService).list()) {
        out(`${k.id}  ${k.role.padEnd(7)}  ${k.keyPrefix}…  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}`);
      }
    },
  },
  'api-keys:revoke': {
    usage: 'api-keys:revoke --id KEY_ID',
    async run(app, flags, out) {
      const k = await app.get(ApiKeysService).revoke(CLI_ACTOR, requireFlag(flags, 'id'));
      out(`Revoked key "${k.name}" (id ${k.id}) at ${k.revokedAt}`);
    },
  },
  'migration:run': {
    usage: 'migration:run',
    noMigrate: true,
    async run(app, _flags, out) {
      const { embedded } = app.get<DatabaseMode>(DATABASE_MODE);
      const applied = await runMigrations({ dataSource: app.get(DataSource), embedded });
      out(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'No pending migrations');
    },
  },
  'migration:revert': {
    usage: 'migration:revert',
    noMigrate: true,
    async run(app, _flags, out) {
      await app.get(DataSource).undoLastMigration({ transaction: 'all' });
      out('Reverted the last migration');
    },
  },
  seed: {
    usage: 'seed',
    async run(app, _flags, out) {
      const r = await seedDemoCatalog(app.get(DataSource));
      out(`Benefits created: ${r.benefitsCreated.join(', ') || 'none'}`);
      out(`Plans created: ${r.plansCreated.join(', ') || 'none'}`);
    },
  },
  'stripe:sync-catalog': {
    usage: 'stripe:sync-catalog',
    async run(app, _flags, out) {
      requireStripe(app);
      const created = await app.get(StripeCatalogService).syncCatalog();
      for (const c of created) {
        out(
          `${c.planCode} v${c.version}: ${c.productCreated ? `product ${c.stripeProductId} created, ` : ''}price ${c.stripePriceId} created (lookup_key ${c.planCode})`,
        );
      }
      out(created.length ? `Created ${created.length} Stripe price(s)` : 'Every plan already has its Stripe price; nothing created');
      // Offers stored while Stripe was not configured (or unreachable) get their coupons and promotion codes now.
      const offers = await app.get(StripeOffersService).syncAll();
      for (const o of offers) out(`offer ${o.offerCode}: ${o.couponId ? `coupon ${o.couponId}` : `promotion code ${o.promotionCodeId}`} created`);
      out(
        offers.length
          ? `Created ${offers.length} Stripe coupon(s) and promotion code(s)`
          : 'Every offer already has its Stripe coupons; nothing created',
      );
    },
  },
  'stripe:reconcile': {
    usage: 'stripe:reconcile',
    async run(app, _flags, out) {
      requireStripe(app);
      const report = await app.get(StripeReconcileService).reconcile();
      for (const line of report.changes) out(line);
      out(`Checked ${report.subscriptions} subscription(s) and ${report.invoicesChecked} invoice(s): ${report.changes.length} change(s)`);
    },
  },
};
