import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';

/** The admin status page at `/status`. */
@Module({ controllers: [StatusController] })
export class AdminFeatureStatusModule {}
