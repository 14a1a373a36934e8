import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor';
import { Roles } from '../auth/roles.decorator';
import { USER_ID_DESCRIPTION } from '../common/ids';
import { UserIdPipe } from '../common/user-id.pipe';
import { ReadHistoryService } from './read-history.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/admin/viewers/:viewerId/reading-history')
@ApiParam({ name: 'viewerId', description: `A user id or a device id: ${USER_ID_DESCRIPTION}` })
export class ReadHistoryController {
  constructor(private readonly history: ReadHistoryService) {}

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: "Erase one viewer's reading history (audited)",
    description:
      "Deletes the viewer's counted reads and meter counters of every month and the device-user links they are part of " +
      "(their meter starts afresh). Articles a device's reads were carried into a user's month with stay the user's. " +
      'Another instance may answer from its memory of the month for up to 10 minutes.',
  })
  @ApiNoContentResponse({ description: 'Erased (also when there was nothing to erase)' })
  async erase(@CurrentActor() actor: Actor, @Param('viewerId', UserIdPipe) viewerId: string): Promise<void> {
    await this.history.erase(actor, viewerId);
  }
}
