import { FakeStripe } from './fake-stripe';
import { stripeEnv } from './stripe-webhooks';
import { startTestApp, TestApp } from './test-app';

/** Two service instances on one PostgreSQL database (instance a seeded with the demo catalog), and a fake Stripe if asked. */
export interface TwoInstances {
  a: TestApp;
  b: TestApp;
  /** Only with `stripe: true`. */
  fake: FakeStripe;
  /** Closes b, then a (which drops the database), then the fake Stripe. */
  close(): Promise<void>;
}

export interface TwoInstancesOptions {
  env?: Record<string, string>;
  /** Start a fake Stripe and point both instances at it. */
  stripe?: boolean;
  /** Runs on instance a before b starts (b boots with what a wrote, e.g. settings). */
  beforeSecond?: (a: TestApp) => Promise<void>;
}

export async function startTwoInstances(opts: TwoInstancesOptions = {}): Promise<TwoInstances> {
  const fake = opts.stripe ? await FakeStripe.start() : undefined;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  const close = async () => {
    try {
      await b?.close();
      await a?.close();
    } finally {
      await fake?.close();
    }
  };
  try {
    const env = { ...(fake ? stripeEnv(fake) : {}), ...opts.env };
    a = await startTestApp({ seed: true, env });
    await opts.beforeSecond?.(a);
    b = await startTestApp({ db: a.db, env });
    return { a, b, fake: fake as FakeStripe, close };
  } catch (err) {
    await close();
    throw err;
  }
}
