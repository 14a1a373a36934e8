import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './common/clock';
import { ENV, EnvDto } from './config/env.schema';

/** Process-wide singletons every module may inject: the validated environment and the clock. */
@Global()
@Module({})
export class CoreModule {
  static register(env: EnvDto, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: ENV, useValue: env },
        { provide: Clock, useValue: clock },
      ],
      exports: [ENV, Clock],
    };
  }
}
