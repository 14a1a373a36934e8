import { Optional } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class SettingsUpdateDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1000, example: 5, description: 'Free articles per viewer per month; 0 is a hard paywall' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1000)
  freeArticleLimit?: number;

  @ApiPropertyOptional({ example: 'premium_stories', description: 'Code of an existing benefit whose holders are never metered' })
  @Optional()
  @IsString()
  @Length(1, 100)
  meteredBenefitCode?: string;
}

export class SettingsResponseDto {
  @ApiProperty({ example: 5 }) freeArticleLimit: number;
  @ApiProperty({ example: 'premium_stories' }) meteredBenefitCode: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
