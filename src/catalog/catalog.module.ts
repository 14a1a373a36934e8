import { Module } from '@nestjs/common';
import { BenefitsService } from './benefits.service';
import { CatalogAdminController } from './catalog.admin.controller';
import { CatalogController } from './catalog.controller';
import { CatalogEvents } from './catalog.events';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { PublicCatalogService } from './public-catalog.service';

/** Plans, benefits and price versions: the public catalog and its administration. */
@Module({
  controllers: [CatalogController, CatalogAdminController],
  providers: [CatalogRepository, CatalogService, BenefitsService, PublicCatalogService, CatalogEvents],
  exports: [CatalogService, CatalogEvents, CatalogRepository],
})
export class CatalogModule {}
