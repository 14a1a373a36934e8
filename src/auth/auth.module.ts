import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './api-key.entity';
import { ApiKeyVerifier } from './api-key-verifier';
import { ApiKeyGuard } from './api-key.guard';

/**
 * Who is calling: the api_keys table, the key check and the global guard (@Roles, @Public, the Actor). Global, since
 * every controller is behind its guard; it imports no feature. Issuing and revoking keys is the api-keys module's.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey])],
  providers: [ApiKeyVerifier, ApiKeyGuard],
  exports: [ApiKeyVerifier, ApiKeyGuard, TypeOrmModule],
})
export class AuthModule {}
