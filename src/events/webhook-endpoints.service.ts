import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/errors';
import { ENV, type EnvDto } from '../config/env.schema';
import { Transactions } from '../database/transactions';
import { webhookUrlProblem, type WebhookUrlProblem } from './domain/webhook-url';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import type {
  WebhookEndpointCreateDto,
  WebhookEndpointResponseDto,
  WebhookEndpointUpdateDto,
  WebhookEndpointWithSecretResponseDto,
} from './webhook-endpoints.dto';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookSecretBox } from './webhook-secret-box';

const URL_REFUSALS: Record<WebhookUrlProblem, string> = {
  malformed: 'url is not an absolute URL',
  scheme: 'url must be http or https',
  credentials: 'url must not carry a user name or password',
  private_host: 'url points at a private, loopback or link-local host (allowed only with WEBHOOK_ALLOW_PRIVATE_URLS=true)',
};

/** An endpoint as the API shows it and the audit log keeps it: never its secret. */
function endpointView(e: WebhookEndpoint): WebhookEndpointResponseDto {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    status: e.status,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

const auditView = (e: WebhookEndpoint) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = endpointView(e);
  return rest;
};

/** Webhook endpoint administration: every write runs in one transaction with its audit entry. */
@Injectable()
export class WebhookEndpointsService {
  private readonly allowPrivate: boolean;

  constructor(
    private readonly tx: Transactions,
    private readonly repo: WebhookEndpointsRepository,
    private readonly audit: AuditService,
    private readonly secrets: WebhookSecretBox,
    @Inject(ENV) env: EnvDto,
  ) {
    this.allowPrivate = env.WEBHOOK_ALLOW_PRIVATE_URLS;
  }

  async list(): Promise<WebhookEndpointResponseDto[]> {
    return (await this.repo.find()).map(endpointView);
  }

  async get(id: string): Promise<WebhookEndpointResponseDto> {
    return endpointView(await this.repo.get(id));
  }

  async create(actor: Actor, dto: WebhookEndpointCreateDto): Promise<WebhookEndpointWithSecretResponseDto> {
    this.checkUrl(dto.url);
    const { secret, sealed } = this.secrets.issue();
    const saved = await this.tx.run(async (em) => {
      const row = await em.save(
        em.create(WebhookEndpoint, {
          url: dto.url,
          events: dto.events,
          description: dto.description ?? null,
          status: 'enabled',
          secretEncrypted: sealed,
        }),
      );
      await this.audit.record(em, actor, 'webhook_endpoint.create', 'webhook_endpoint', row.id, null, auditView(row));
      return row;
    });
    return { ...endpointView(saved), secret };
  }

  async update(actor: Actor, id: string, dto: WebhookEndpointUpdateDto): Promise<WebhookEndpointResponseDto> {
    if (dto.url !== undefined) this.checkUrl(dto.url);
    return this.tx.run(async (em) => {
      const row = await this.repo.get(id, em);
      const before = auditView(row);
      if (dto.url !== undefined) row.url = dto.url;
      if (dto.events !== undefined) row.events = dto.events;
      if (dto.description !== undefined) row.description = dto.description;
      if (dto.status !== undefined) row.status = dto.status;
      // Enabled again by staff: the failing streak that disabled it starts over.
      if (dto.status === 'enabled') Object.assign(row, { failingSince: null, disabledReason: null });
      const saved = await em.save(row);
      await this.audit.record(em, actor, 'webhook_endpoint.update', 'webhook_endpoint', id, before, auditView(saved));
      return endpointView(saved);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.tx.run(async (em) => {
      const row = await this.repo.get(id, em);
      await em.delete(WebhookEndpoint, { id });
      await this.audit.record(em, actor, 'webhook_endpoint.delete', 'webhook_endpoint', id, auditView(row), null);
    });
  }

  /** A new secret replaces the old at once (the old one stops signing); shown once, like at creation. */
  async rotateSecret(actor: Actor, id: string): Promise<WebhookEndpointWithSecretResponseDto> {
    const { secret, sealed } = this.secrets.issue();
    const saved = await this.tx.run(async (em) => {
      const row = await this.repo.get(id, em);
      row.secretEncrypted = sealed;
      const after = await em.save(row);
      // The secret itself is never logged: the entry says only that it changed.
      await this.audit.record(em, actor, 'webhook_endpoint.rotate_secret', 'webhook_endpoint', id, null, { secretRotated: true });
      return after;
    });
    return { ...endpointView(saved), secret };
  }

  private checkUrl(url: string): void {
    const problem = webhookUrlProblem(url, this.allowPrivate);
    if (problem) throw new DomainError('WEBHOOK_URL_NOT_ALLOWED', URL_REFUSALS[problem], [{ field: 'url', message: URL_REFUSALS[problem] }]);
  }
}
