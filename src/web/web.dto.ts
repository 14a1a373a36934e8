import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { Code } from '../common/ids';

export class DemoMeterReadCreateDto {
  @ApiProperty({ example: 'demo-article-1', description: 'The article the demo reader opens: 1-100 letters, digits, _ or -' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'articleId must be 1-100 letters, digits, _ or -' })
  articleId: string;
}

export class DemoCheckoutSessionCreateDto {
  @Code('smart_quarterly')
  planCode: string;
}
