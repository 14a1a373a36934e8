import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/roles.decorator';
import { WebPagesService } from './web-pages.service';

/**
 * The staff console (/admin) and the reference paywall page (/paywall): static HTML + CSS + JS modules that use
 * only the public HTTP API. Public (no key), rate-limited per address like every keyless route.
 */
@ApiTags('web')
@Public()
@Controller()
export class WebController {
  constructor(private readonly pages: WebPagesService) {}

  @Get('admin')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The billing staff console (signs in with an admin API key kept in sessionStorage)' })
  admin(@Res() res: Response): Promise<void> {
    return this.pages.send(res, 'admin', 'index.html');
  }

  @Get('paywall')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The reference paywall page: plans from GET /v1/plans, the demo viewer\'s meter message' })
  paywall(@Res() res: Response): Promise<void> {
    return this.pages.send(res, 'paywall', 'index.html');
  }

  @Get('admin/:file')
  @ApiExcludeEndpoint()
  adminAsset(@Param('file') file: string, @Res() res: Response): Promise<void> {
    return this.pages.send(res, 'admin', file);
  }

  @Get('paywall/:file')
  @ApiExcludeEndpoint()
  paywallAsset(@Param('file') file: string, @Res() res: Response): Promise<void> {
    return this.pages.send(res, 'paywall', file);
  }

  @Get('shared/:file')
  @ApiProduces('text/javascript', 'text/css')
  @ApiOkResponse({ description: 'A script or stylesheet shared by the pages' })
  @ApiNotFoundResponse({ description: 'No such file (NOT_FOUND)' })
  sharedAsset(@Param('file') file: string, @Res() res: Response): Promise<void> {
    return this.pages.send(res, 'shared', file);
  }
}
