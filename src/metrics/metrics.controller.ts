import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import {
  MetricsPaywallQueryDto,
  MetricsPaywallResponseDto,
  MetricsSummaryQueryDto,
  MetricsSummaryResponseDto,
  MetricsTimeseriesQueryDto,
  MetricsTimeseriesResponseDto,
} from './metrics.dto';
import { MetricsService } from './metrics.service';

const MONTH_ERRORS = 'VALIDATION_FAILED (a malformed month or metric), or METRICS_RANGE_INVALID (a month after the one in force';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('summary')
  @ApiOperation({ summary: 'Subscribers, MRR, ARPU, new and churned this month, at an instant (default now)' })
  @ApiOkResponse({ type: MetricsSummaryResponseDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: `at` is not a date-time with a zone' })
  summary(@Query() query: MetricsSummaryQueryDto): Promise<MetricsSummaryResponseDto> {
    return this.metrics.summary(query.at);
  }

  @Get('timeseries')
  @ApiOperation({ summary: 'One metric per month (METER_TIMEZONE) from `from` to `to`; a past month never changes' })
  @ApiOkResponse({ type: MetricsTimeseriesResponseDto })
  @ApiBadRequestResponse({ description: `${MONTH_ERRORS}, \`from\` after \`to\`, or more than 120 months)` })
  timeseries(@Query() query: MetricsTimeseriesQueryDto): Promise<MetricsTimeseriesResponseDto> {
    return this.metrics.timeseries(query.metric, query.from, query.to);
  }

  @Get('paywall')
  @ApiOperation({ summary: "A month's paywall funnel: viewers, walls met, checkouts and subscriptions started" })
  @ApiOkResponse({ type: MetricsPaywallResponseDto })
  @ApiBadRequestResponse({ description: `${MONTH_ERRORS})` })
  paywall(@Query() query: MetricsPaywallQueryDto): Promise<MetricsPaywallResponseDto> {
    return this.metrics.paywall(query.month);
  }
}
