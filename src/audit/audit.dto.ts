import { Optional } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsString, Max, Min } from 'class-validator';
import { LimitQueryDto } from '../common/paging.dto';

export class AuditLogQueryDto extends LimitQueryDto {
  @ApiPropertyOptional({ description: 'Paging cursor: only entries listed after this seq (pass the last seq of a page)' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  beforeSeq?: number;

  @ApiPropertyOptional({ description: 'Only entries created strictly before this instant' })
  @Optional()
  @IsISO8601({ strict: true })
  before?: string;

  @ApiPropertyOptional({ example: 'plan' })
  @Optional()
  @IsString()
  entityType?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  entityId?: string;
}

export class AuditEntryResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Position in the log: for writes to one entity, the order they committed in' }) seq: number;
  @ApiProperty({ description: 'Name of the API key that made the change, or "cli"' }) actor: string;
  @ApiProperty({ example: 'plan.price.create' }) action: string;
  @ApiProperty({ example: 'plan' }) entityType: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) after: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuditLogResponseDto {
  @ApiProperty({ type: [AuditEntryResponseDto] }) entries: AuditEntryResponseDto[];
}
