import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** The one shape money takes in every response: integer minor units, the currency, and the display string. */
@ApiSchema({ name: 'Money', description: 'Integer minor units, ISO 4217 currency, and the display string' })
export class MoneyResponseDto {
  @ApiProperty({ example: 90000, description: 'Integer minor units' }) amountMinor: number;
  @ApiProperty({ example: 'INR' }) currency: string;
  @ApiProperty({ example: '₹900', description: 'Symbol, Indian digit grouping, rounded down to the whole unit' })
  formatted: string;
}
