import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { MoneyResponseDto } from '../common/money.dto';
import { DateTimeWithZone, Optional } from '../common/validation';
import { MONTH_PATTERN } from './domain/months';

const METRICS = ['mrr', 'active', 'new', 'churned'] as const;
export type Metric = (typeof METRICS)[number];

const monthMessage = (key: string) => `${key} must be a month as YYYY-MM, e.g. 2026-11`;

export class MetricsSummaryQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-30T18:29:59Z', description: 'The instant to report at (default now)' })
  @Optional()
  @DateTimeWithZone()
  at?: string;
}

export class MetricsTimeseriesQueryDto {
  @ApiProperty({ enum: METRICS, description: 'mrr (Money), active, new or churned (integers)' })
  @IsIn(METRICS)
  metric: Metric;

  @ApiPropertyOptional({ example: '2026-01', description: 'First month, YYYY-MM in METER_TIMEZONE (default 11 months before `to`)' })
  @Optional()
  @IsString()
  @Matches(MONTH_PATTERN, { message: monthMessage('from') })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12', description: 'Last month, YYYY-MM (default the month in force; not later)' })
  @Optional()
  @IsString()
  @Matches(MONTH_PATTERN, { message: monthMessage('to') })
  to?: string;
}

export class MetricsPaywallQueryDto {
  @ApiPropertyOptional({ example: '2026-11', description: 'The month, YYYY-MM in METER_TIMEZONE (default the month in force; not later)' })
  @Optional()
  @IsString()
  @Matches(MONTH_PATTERN, { message: monthMessage('month') })
  month?: string;
}

export class PlanSubscribersResponseDto {
  @ApiProperty({ example: 'smart_quarterly', nullable: true, type: String, description: 'null: a subscription of no known plan' })
  planCode: string | null;
  @ApiProperty({ example: 12 }) active: number;
  @ApiProperty({ example: 3 }) trialing: number;
  @ApiProperty({ example: 1 }) pastDue: number;
  @ApiProperty({ example: 2, description: 'Of those: a cancellation pending at the period end' }) cancelPending: number;
}

export class MetricsSummaryResponseDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 16, description: 'Subscriptions active, trialing or past_due at `at`' }) activeSubscribers: number;
  @ApiProperty({ type: [PlanSubscribersResponseDto] }) byPlan: PlanSubscribersResponseDto[];
  @ApiProperty({ type: MoneyResponseDto, description: 'Monthly recurring revenue at `at` (INR)' }) mrr: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto, description: 'MRR ÷ paying subscribers (active and past_due), floored' }) arpu: MoneyResponseDto;
  @ApiProperty({ example: 4, description: 'Became subscribers in the month of `at` (METER_TIMEZONE), up to `at`' }) newThisMonth: number;
  @ApiProperty({ example: 1, description: 'Stopped being subscribers in that month, up to `at`' }) churnedThisMonth: number;
  @ApiProperty({ example: 7.69, description: 'churned ÷ subscribers at the month start × 100, half up to 2 decimals; 0 with none' })
  churnRatePercent: number;
}

@ApiExtraModels(MoneyResponseDto)
export class MetricsPointResponseDto {
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(MoneyResponseDto) }, { type: 'integer' }],
    description: 'Money for mrr; an integer for active, new and churned',
  })
  value: MoneyResponseDto | number;
}

export class MetricsTimeseriesResponseDto {
  @ApiProperty({ enum: METRICS }) metric: Metric;
  @ApiProperty({ example: '2026-01' }) from: string;
  @ApiProperty({ example: '2026-12' }) to: string;
  @ApiProperty({
    type: [MetricsPointResponseDto],
    description: 'One point per month, oldest first: mrr and active at the month end (the month in force: now), new and churned during it',
  })
  points: MetricsPointResponseDto[];
}

export class MetricsPaywallResponseDto {
  @ApiProperty({ example: 120, description: 'Readers metered that month (a device and the user it signed in as count once)' }) viewers: number;
  @ApiProperty({ example: 30, description: 'Viewers who met the registration wall that month (each once)' }) registrationWalls: number;
  @ApiProperty({ example: 12, description: 'Viewers who met the subscription wall that month (each once)' }) subscriptionWalls: number;
  @ApiProperty({ example: 5, description: 'Checkout Sessions created that month' }) checkoutsStarted: number;
  @ApiProperty({ example: 3, description: 'Subscriptions that became subscribers that month (newThisMonth)' }) subscriptionsStarted: number;
  @ApiProperty({ example: 2.5, description: 'subscriptionsStarted ÷ viewers × 100, half up to 2 decimals; 0 with no viewers' })
  conversionPercent: number;
}
