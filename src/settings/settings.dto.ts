import { Optional } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min, ValidateIf } from 'class-validator';

export class SettingsUpdateDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1000, example: 5, description: 'Free articles per viewer per month; 0 is a hard paywall' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1000)
  freeArticleLimit?: number;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 1000,
    example: 3,
    description:
      'Free articles per month for an anonymous reader (a device), at most freeArticleLimit ' +
      '(else 400 ANONYMOUS_LIMIT_ABOVE_FREE_LIMIT); null: anonymous readers share freeArticleLimit and meet no registration wall',
  })
  // null is a value here (no anonymous limit): only a left-out field skips the checks.
  @ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null)
  @IsInt()
  @Min(0)
  @Max(1000)
  anonymousArticleLimit?: number | null;

  @ApiPropertyOptional({ example: 'premium_stories', description: 'Code of an existing benefit whose holders are never metered' })
  @Optional()
  @IsString()
  @Length(1, 100)
  meteredBenefitCode?: string;

  @ApiPropertyOptional({ example: 'premium_stories', description: 'Code of an existing benefit that opens premium articles' })
  @Optional()
  @IsString()
  @Length(1, 100)
  premiumBenefitCode?: string;
}

export class SettingsResponseDto {
  @ApiProperty({ example: 5 }) freeArticleLimit: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 3 }) anonymousArticleLimit: number | null;
  @ApiProperty({ example: 'premium_stories' }) meteredBenefitCode: string;
  @ApiProperty({ example: 'premium_stories' }) premiumBenefitCode: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
