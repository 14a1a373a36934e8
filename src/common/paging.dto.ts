import { Optional } from './validation';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** `?limit=` of the admin listings: 1 to 500, default 100. */
export class LimitQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
