import { Module } from '@nestjs/common';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { SettingsModule } from '../settings/settings.module';
import { MeteringController } from './metering.controller';
import { MeterMemory } from './meter-memory';
import { MeteringRepository } from './metering.repository';
import { MeteringService } from './metering.service';
import { ReadHistoryController } from './read-history.controller';
import { ReadHistoryJob } from './read-history.job';
import { ReadHistoryRepository } from './read-history.repository';
import { ReadHistoryService } from './read-history.service';

@Module({
  imports: [EntitlementsModule, SettingsModule],
  controllers: [MeteringController, ReadHistoryController],
  providers: [MeteringRepository, MeterMemory, MeteringService, ReadHistoryRepository, ReadHistoryService, ReadHistoryJob],
  exports: [MeteringService],
})
export class MeteringModule {}
