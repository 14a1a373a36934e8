import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { WebhookRawBody1765000000000 } from './1765000000000-WebhookRawBody';
import { AuditLogSeq1765000000001 } from './1765000000001-AuditLogSeq';
import { AccessDecisions1765000000100 } from './1765000000100-AccessDecisions';
import { ReadHistoryRetention1765000000101 } from './1765000000101-ReadHistoryRetention';
import { Offers1765000000200 } from './1765000000200-Offers';
import { Gst1765000000300 } from './1765000000300-Gst';
import { WebhookEndpoints1765000000400 } from './1765000000400-WebhookEndpoints';
import { WebhookDeliveries1765000000500 } from './1765000000500-WebhookDeliveries';
import { Metrics1765000000600 } from './1765000000600-Metrics';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests load the same set. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  WebhookRawBody1765000000000,
  AuditLogSeq1765000000001,
  AccessDecisions1765000000100,
  ReadHistoryRetention1765000000101,
  Offers1765000000200,
  Gst1765000000300,
  WebhookEndpoints1765000000400,
  WebhookDeliveries1765000000500,
  Metrics1765000000600,
];
