import { Module } from '@nestjs/common';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { SettingsModule } from '../settings/settings.module';
import { MeteringController } from './metering.controller';
import { MeterMemory } from './meter-memory';
import { MeteringRepository } from './metering.repository';
import { MeteringService } from './metering.service';

@Module({
  imports: [EntitlementsModule, SettingsModule],
  controllers: [MeteringController],
  providers: [MeteringRepository, MeterMemory, MeteringService],
  exports: [MeteringService],
})
export class MeteringModule {}
