import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CatalogModule } from '../catalog/catalog.module';
import { Settings } from './setting.entity';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

/** The service-wide settings row (the free-article limit, the metered benefit), cached per instance. */
@Module({
  imports: [TypeOrmModule.forFeature([Settings]), AuditModule, CatalogModule],
  controllers: [SettingsController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
