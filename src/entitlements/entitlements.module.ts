import { EntitlementsInvalidator } from './entitlements-invalidator';
import { Module } from '@nestjs/common';
import { EntitlementsCache } from './entitlements-cache';
import { EntitlementsController } from './entitlements.controller';
import { EntitlementsRepository } from './entitlements.repository';
import { EntitlementsService } from './entitlements.service';
import { GrantsController } from './grants.controller';
import { GrantsService } from './grants.service';

/** Exports EntitlementsInvalidator so subscription writers drop a user's cached facts when their change commits. */
@Module({
  controllers: [EntitlementsController, GrantsController],
  providers: [EntitlementsRepository, EntitlementsCache, EntitlementsInvalidator, EntitlementsService, GrantsService],
  exports: [EntitlementsService, EntitlementsCache, EntitlementsInvalidator],
})
export class EntitlementsModule {}
