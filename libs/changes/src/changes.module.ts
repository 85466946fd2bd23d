import { Module } from '@nestjs/common';
import { ChangeFeedController } from './change-feed.controller';
import { ChangeFeedRepository } from './change-feed.repository';
import { ChangeFeedService } from './change-feed.service';

/** The change feed for partner systems (API.md "Jobs, integration, audit"). */
@Module({
  controllers: [ChangeFeedController],
  providers: [ChangeFeedRepository, ChangeFeedService],
})
export class ChangesModule {}
