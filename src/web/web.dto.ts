import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class DemoMeterReadCreateDto {
  @ApiProperty({ example: 'demo-article-1', description: 'The article the demo reader opens: 1-100 letters, digits, _ or -' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'articleId must be 1-100 letters, digits, _ or -' })
  articleId: string;
}

export class DemoCheckoutSessionCreateDto {
  @ApiProperty({ example: 'smart_quarterly', description: 'Code of an active plan' })
  @IsString()
  @Matches(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, { message: 'planCode must be a plan code such as smart_quarterly' })
  planCode: string;
}
