import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { MeterReadBody, meterReadBodyPipe, MeterReadCreateDto, MeterReadResponseDto } from './metering.dto';
import { MeteringService } from './metering.service';

@ApiTags('metering')
@ApiBearerAuth()
@Roles('admin', 'paywall')
@Controller('v1/meter/reads')
export class MeteringController {
  constructor(private readonly metering: MeteringService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'May this viewer read this article? Counts it against the monthly free limit when not entitled',
    description:
      'A viewer holding the metered benefit is allowed and not counted. Otherwise each distinct article counts once per ' +
      'calendar month in METER_TIMEZONE; re-reads are free; a new article past the limit is refused and not counted.',
  })
  @ApiBody({ type: MeterReadCreateDto })
  @ApiOkResponse({ type: MeterReadResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a missing, malformed or unknown field' })
  read(@Req() req: { body: unknown }): Promise<MeterReadResponseDto> {
    // Validated here rather than by @Body(pipe): on this page-view hot path a parameter any pipe runs on (the global
    // ValidationPipe included) costs Nest a promise; the JSON Schema pipe's checks and 400 details are the same.
    const dto: MeterReadBody = meterReadBodyPipe.transform(req.body);
    return this.metering.read(dto.viewerId, dto.articleId);
  }
}
