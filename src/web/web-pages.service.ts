import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../common/errors';
import { findPublicDir } from './public-dir';
import { PAGE_HEADERS, PageSection, staticContentType } from './static-files';

/** Reads the pages from public/<section>/ and sends them with a strict same-origin Content-Security-Policy. */
@Injectable()
export class WebPagesService {
  private readonly root = findPublicDir();

  async send(res: FastifyReply, section: PageSection, file: string): Promise<void> {
    const type = staticContentType(file);
    const body = type ? await readFile(join(this.root, section, file)).catch(() => null) : null;
    if (!type || !body) throw new DomainError('NOT_FOUND', `No such page or file: /${section}/${file}`);
    await res
      .headers({ ...PAGE_HEADERS, 'Content-Type': type })
      .code(200)
      .send(body);
  }
}
