import { Global, Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyGuard } from './api-key.guard';

@Global()
@Module({ controllers: [ApiKeysController], providers: [ApiKeysService, ApiKeyGuard], exports: [ApiKeysService, ApiKeyGuard] })
export class AuthModule {}
