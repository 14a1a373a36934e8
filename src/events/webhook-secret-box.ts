import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../common/errors';
import { ENV, type EnvDto } from '../config/env.schema';
import { decryptSecret, encryptSecret, resolveWebhookSecretKey } from './secret-box';

/** Makes, seals and opens endpoints' signing secrets with the key resolved once at boot. */
@Injectable()
export class WebhookSecretBox {
  private readonly key: Buffer | null;

  constructor(@Inject(ENV) env: EnvDto) {
    this.key = resolveWebhookSecretKey(env);
  }

  /** A new secret (shown to the caller once) and its sealed form (stored). */
  issue(): { secret: string; sealed: string } {
    const secret = `tgwhsec_${randomBytes(32).toString('hex')}`;
    return { secret, sealed: encryptSecret(this.required(), secret) };
  }

  open(sealed: string): string {
    return decryptSecret(this.required(), sealed);
  }

  private required(): Buffer {
    if (!this.key) {
      throw new DomainError('WEBHOOK_SECRET_KEY_NOT_CONFIGURED', 'Set WEBHOOK_SECRET_KEY (shared by every instance) to sign webhooks');
    }
    return this.key;
  }
}
