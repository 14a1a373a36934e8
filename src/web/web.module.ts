import { Module } from '@nestjs/common';
import { WebPagesService } from './web-pages.service';
import { WebController } from './web.controller';

/** Serves the staff console and the reference paywall page from public/. */
@Module({ controllers: [WebController], providers: [WebPagesService] })
export class WebModule {}
