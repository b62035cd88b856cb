import { Module } from '@nestjs/common';
import { SessionController } from './session.controller';

/** The web client's cookie session routes. */
@Module({ controllers: [SessionController] })
export class WebFeatureSessionModule {}
