import { Module } from '@nestjs/common';
import { EntitlementsCache } from './entitlements-cache';
import { EntitlementsController } from './entitlements.controller';
import { EntitlementsRepository } from './entitlements.repository';
import { EntitlementsService } from './entitlements.service';
import { GrantsController } from './grants.controller';
import { GrantsService } from './grants.service';

/** Exports EntitlementsCache so subscription writers drop a user's cached facts (in afterCommit) when their change commits. */
@Module({
  controllers: [EntitlementsController, GrantsController],
  providers: [EntitlementsRepository, EntitlementsCache, EntitlementsService, GrantsService],
  exports: [EntitlementsService, EntitlementsCache],
})
export class EntitlementsModule {}
