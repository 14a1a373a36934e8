import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { SettingsModule } from '../settings/settings.module';
import { ArticleRead } from './article-read.entity';
import { MeterCounter } from './meter-counter.entity';
import { MeteringController } from './metering.controller';
import { MeterMemory } from './meter-memory';
import { MeteringRepository } from './metering.repository';
import { MeteringService } from './metering.service';

/** The free-article meter: each distinct article counted once per viewer and calendar month, up to the free limit. */
@Module({
  imports: [TypeOrmModule.forFeature([MeterCounter, ArticleRead]), EntitlementsModule, SettingsModule],
  controllers: [MeteringController],
  providers: [MeteringRepository, MeterMemory, MeteringService],
  exports: [MeteringService],
})
export class MeteringModule {}
