import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.decorator';
import { WebPagesService } from './web-pages.service';

/**
 * The staff console (/admin) and the reference paywall page (/paywall): static HTML + CSS + JS modules that use
 * only the public HTTP API. Public (no key), rate-limited per address like every keyless route. Left out of the
 * OpenAPI description on purpose: these are pages for people, not API operations (the JSON routes they call are
 * all documented there, including /v1/demo/*).
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  constructor(private readonly pages: WebPagesService) {}

  @Get('admin')
  admin(@Res() res: FastifyReply): Promise<void> {
    return this.pages.send(res, 'admin', 'index.html');
  }

  @Get('paywall')
  paywall(@Res() res: FastifyReply): Promise<void> {
    return this.pages.send(res, 'paywall', 'index.html');
  }

  @Get('admin/:file')
  adminAsset(@Param('file') file: string, @Res() res: FastifyReply): Promise<void> {
    return this.pages.send(res, 'admin', file);
  }

  @Get('paywall/:file')
  paywallAsset(@Param('file') file: string, @Res() res: FastifyReply): Promise<void> {
    return this.pages.send(res, 'paywall', file);
  }

  @Get('vendor/:file')
  vendorAsset(@Param('file') file: string, @Res() res: FastifyReply): Promise<void> {
    return this.pages.sendVendor(res, file);
  }

  @Get('shared/:file')
  sharedAsset(@Param('file') file: string, @Res() res: FastifyReply): Promise<void> {
    return this.pages.send(res, 'shared', file);
  }
}
