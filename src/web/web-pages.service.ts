import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../common/errors';
import { findPublicDir } from './public-dir';
import { PAGE_HEADERS, PageSection, staticContentType } from './static-files';
import { vendorPath } from './vendor-files';

/** Reads the pages from public/<section>/ and sends them with a strict same-origin Content-Security-Policy. */
@Injectable()
export class WebPagesService {
  private readonly root = findPublicDir();

  async send(res: FastifyReply, section: PageSection, file: string): Promise<void> {
    const type = staticContentType(file);
    const body = type ? await readFile(join(this.root, section, file)).catch(() => null) : null;
    if (!type || !body) throw new DomainError('NOT_FOUND', `No such page or file: /${section}/${file}`);
    await this.reply(res, type, body);
  }

  /** A listed browser build from node_modules (vendor-files.ts), e.g. /vendor/chart.js (Chart.js's UMD build). */
  async sendVendor(res: FastifyReply, file: string): Promise<void> {
    const type = staticContentType(file);
    const path = type ? vendorPath(file) : null;
    const body = path ? await readFile(path).catch(() => null) : null;
    if (!type || !body) throw new DomainError('NOT_FOUND', `No such file: /vendor/${file}`);
    await this.reply(res, type, body);
  }

  private async reply(res: FastifyReply, type: string, body: Buffer): Promise<void> {
    await res
      .headers({ ...PAGE_HEADERS, 'Content-Type': type })
      .code(200)
      .send(body);
  }
}
