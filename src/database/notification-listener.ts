import { Logger } from '@nestjs/common';
import { Client, escapeIdentifier } from 'pg';
import { reconnectDelayMs } from './invalidation-message';

export interface NotificationListenerOptions {
  /** The PostgreSQL to listen on (DATABASE_URL). */
  url: string;
  channel: string;
  onNotification(payload: string | undefined): void;
  /**
   * Listening from now on (at start, and again after each loss): whatever was notified before was missed, whether by
   * a connection that dropped or by one that could not be made at start.
   */
  onListening(): void;
}

/** How the connection shows in pg_stat_activity (tests terminate it by this name to drop it). */
export const LISTENER_APPLICATION_NAME = 'tollgate-invalidations';

/**
 * One dedicated PostgreSQL connection that LISTENs on a channel (a pooled connection cannot: LISTEN belongs to a
 * session). When it drops (the server restarts, a network fault, an idle timeout), it reconnects with a doubling
 * backoff capped at 5 s, forever, and says so with onListening. TCP keepalive makes a silently dead peer show up as
 * an error instead of a connection that never delivers again.
 */
export class NotificationListener {
  private readonly logger = new Logger('Invalidations');
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;
  private listening = false;
  private closed = false;

  constructor(private readonly opts: NotificationListenerOptions) {}

  /** Connects and listens; a failure is logged and retried in the background, never thrown. */
  start(): Promise<void> {
    return this.connect();
  }

  /** Stops listening and reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.retry = null;
    if (this.closed) return Promise.resolve();
    this.connecting = this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new Client({
      connectionString: this.opts.url,
      application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    this.client = client;
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (n) => {
      if (n.channel === this.opts.channel) this.opts.onNotification(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${escapeIdentifier(this.opts.channel)}`);
    } catch (err) {
      this.lost(client, err as Error);
      return;
    }
    if (this.client !== client) return;
    if (this.failures > 0) this.logger.log('Listening for other instances’ cache invalidations again; this instance’s caches were cleared');
    this.listening = true;
    this.failures = 0;
    this.opts.onListening();
  }

  private lost(client: Client, err: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.on('error', () => undefined); // a late error of a connection given up must not go unhandled
    void client.end().catch(() => undefined);
    if (this.closed) return;
    if (this.listening || this.failures === 0) {
      this.logger.warn(
        `Not listening for other instances’ cache invalidations (${err.message}); reconnecting. Until then, their writes ` +
          'reach this instance within CACHE_TTL_SECONDS',
      );
    }
    this.listening = false;
    this.retry = setTimeout(() => void this.connect(), reconnectDelayMs(++this.failures));
  }
}
