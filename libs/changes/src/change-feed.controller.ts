import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CurrentActor } from '@asb/core';
import { ChangeFeedQueryDto } from './change-feed.dto';
import { ChangeFeedService } from './change-feed.service';
import { FEED_ROLES } from './rules/change-feed';

@ApiTags('integration')
@Controller('api/v1/changes')
export class ChangeFeedController {
  constructor(private readonly feed: ChangeFeedService) {}

  /**
   * Every change the caller may see, oldest first, from the start or `after` a
   * cursor. Casework roles and partner systems get the changes of the cases and
   * person profiles their organisation can see now; admins the changes to
   * organisations, areas, users and API clients. A change appears once every
   * transaction older than it has finished, so none is ever skipped. A short
   * page means the caller is up to date: poll again with `nextCursor`.
   */
  @Get() @Authenticated(...FEED_ROLES)
  list(@CurrentActor() actor: Actor, @Query() q: ChangeFeedQueryDto) {
    return this.feed.page(actor, q);
  }
}
