import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../src/events/domain/signature';

/** One POST the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; createdAt: string; data: Record<string, any> };
}

/**
 * A publisher's webhook receiver on 127.0.0.1: records every POST and answers what `respond` says (200 by default; a
 * promise that never settles holds the request open, as a hung receiver would).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  respond: (r: Received) => number | Promise<number> = () => 200;

  private server: Server;
  url: string;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    const server = (receiver.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const r: Received = { headers: req.headers, body, json: JSON.parse(body) };
        receiver.received.push(r);
        void Promise.resolve(receiver.respond(r)).then((status) => res.writeHead(status).end());
      });
    }));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    return receiver;
  }

  /** Waits until `count` POSTs have come (at most `timeoutMs`), and returns them all. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`receiver got ${this.received.length} of ${count} deliveries in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.received;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((ok) => this.server.close(() => ok()));
  }
}

/** True when the delivery is signed with `secret` as API.md says, checked the way a receiver would at `now`. */
export function signedWith(r: Received, secret: string, now: Date = new Date()): boolean {
  return verifySignature(secret, r.body, String(r.headers['tollgate-signature']), Math.floor(now.getTime() / 1000)).ok;
}
