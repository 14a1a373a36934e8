import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class DemoCheckoutSessionCreateDto {
  @ApiProperty({ example: 'smart_quarterly', description: 'Code of an active plan' })
  @IsString()
  @Matches(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, { message: 'planCode must be a plan code such as smart_quarterly' })
  planCode: string;
}
