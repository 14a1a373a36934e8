import { ApiKey } from '../auth/api-key.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { Customer } from '../billing/customer.entity';
import { Invoice } from '../billing/invoice.entity';
import { WebhookEvent } from '../billing/webhooks/webhook-event.entity';
import { Benefit } from '../catalog/benefit.entity';
import { PlanBenefit } from '../catalog/plan-benefit.entity';
import { PlanPrice } from '../catalog/plan-price.entity';
import { Plan } from '../catalog/plan.entity';
import { Grant } from '../entitlements/grant.entity';
import { ArticleRead } from '../metering/article-read.entity';
import { MeterCounter } from '../metering/meter-counter.entity';
import { JobRun } from '../metering/job-run.entity';
import { MeterLink } from '../metering/meter-link.entity';
import { Settings } from '../settings/setting.entity';
import { Subscription } from '../subscriptions/subscription.entity';

export const ENTITIES = [
  ApiKey,
  AuditEntry,
  Benefit,
  Plan,
  PlanPrice,
  PlanBenefit,
  Customer,
  Subscription,
  Invoice,
  WebhookEvent,
  Grant,
  ArticleRead,
  MeterCounter,
  MeterLink,
  JobRun,
  Settings,
];
