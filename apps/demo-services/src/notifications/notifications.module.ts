import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';

/** The notifications event consumer. */
@Module({ controllers: [NotificationsController] })
export class NotificationsModule {}
