import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { AuditLogQueryDto, AuditLogResponseDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditLogResponseDto })
  async list(@Query() query: AuditLogQueryDto): Promise<AuditLogResponseDto> {
    return { entries: await this.audit.list(query) };
  }
}
