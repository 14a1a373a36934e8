import { ApiProperty } from '@nestjs/swagger';
import { MoneyResponseDto } from '../common/money.dto';

export class InvoiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I' }) stripeInvoiceId: string;
  @ApiProperty({ example: 'paid', description: "Stripe's status, or payment_failed / action_required for an open invoice's last attempt" })
  status: string;
  @ApiProperty({ type: MoneyResponseDto }) total: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto }) amountPaid: MoneyResponseDto;
  @ApiProperty({ nullable: true, type: String, example: 'subscription_cycle' }) billingReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) periodStart: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) periodEnd: string | null;
  @ApiProperty({ nullable: true, type: String }) hostedInvoiceUrl: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) paidAt: string | null;
}

export class InvoiceListResponseDto {
  @ApiProperty({ type: [InvoiceResponseDto], description: 'Newest first' }) invoices: InvoiceResponseDto[];
}
