import { Module } from '@nestjs/common';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { MeteringModule } from '../metering/metering.module';
import { SettingsModule } from '../settings/settings.module';
import { AccessController } from './access.controller';
import { AccessService } from './access.service';

@Module({
  imports: [EntitlementsModule, MeteringModule, SettingsModule],
  controllers: [AccessController],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
