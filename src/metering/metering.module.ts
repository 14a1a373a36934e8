import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { SettingsModule } from '../settings/settings.module';
import { ArticleRead } from './article-read.entity';
import { JobRun } from './job-run.entity';
import { MeterLink } from './meter-link.entity';
import { MeterCounter } from './meter-counter.entity';
import { MeteringController } from './metering.controller';
import { MeterMemory } from './meter-memory';
import { MeteringRepository } from './metering.repository';
import { MeteringService } from './metering.service';
import { ReadHistoryController } from './read-history.controller';
import { ReadHistoryJob } from './read-history.job';
import { ReadHistoryRepository } from './read-history.repository';
import { ReadHistoryService } from './read-history.service';

/** The free-article meter: each distinct article counted once per viewer and calendar month, up to the free limit. */
@Module({
  imports: [TypeOrmModule.forFeature([MeterCounter, ArticleRead, MeterLink, JobRun]), EntitlementsModule, SettingsModule, AuditModule],
  controllers: [MeteringController, ReadHistoryController],
  providers: [MeteringRepository, MeterMemory, MeteringService, ReadHistoryRepository, ReadHistoryService, ReadHistoryJob],
  exports: [MeteringService],
})
export class MeteringModule {}
