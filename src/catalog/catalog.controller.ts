import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.decorator';
import { PlanCatalogResponseDto } from './catalog.dto';
import { etagMatches, PLANS_CACHE_CONTROL, PublicCatalogService } from './public-catalog.service';

@ApiTags('catalog')
@Controller('v1/plans')
export class CatalogController {
  constructor(private readonly catalog: PublicCatalogService) {}

  /** Sends the pre-rendered body as is: no serialisation per request on the paywall's hottest read. */
  @Get()
  @Public()
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer' })
  @ApiOkResponse({
    type: PlanCatalogResponseDto,
    description: 'Active plans ordered by sortOrder',
    headers: {
      ETag: { description: 'Strong validator: a hash of the body', schema: { type: 'string' } },
      'Cache-Control': { description: PLANS_CACHE_CONTROL, schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 304, description: 'Not Modified: the If-None-Match ETag is current; no body' })
  async list(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: FastifyReply): Promise<void> {
    const { body, etag } = await this.catalog.current();
    res.header('Cache-Control', PLANS_CACHE_CONTROL).header('ETag', etag);
    if (etagMatches(ifNoneMatch, etag)) {
      await res.code(304).send();
      return;
    }
    // The bytes are ready: Fastify sends a Buffer as is, with its length.
    await res.code(200).type('application/json; charset=utf-8').send(body);
  }
}
