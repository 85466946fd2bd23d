import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, PageQueryDto, UuidParam } from '@asb/core';
import { MergePeopleDto } from '../merge/merge.dto';
import { MergeService } from '../merge/merge.service';
import { DuplicatesService } from './duplicates.service';

/** Likely duplicate profiles and merging them (DOMAIN.md section 3; API.md "People"). */
@ApiTags('people')
@Controller('api/v1/people')
export class DuplicatesController {
  constructor(
    private readonly duplicates: DuplicatesService,
    private readonly merges: MergeService,
  ) {}

  /**
   * Profiles likely to be the same as this one, each with `reason`
   * (`same_name_and_date_of_birth` or `similar_name_and_postcode`); those the
   * caller cannot see come restricted, as in the search. Admins may ask too,
   * since they may merge.
   */
  @Get(':id/possible-duplicates') @Authenticated(...CASEWORK_ROLES, 'admin')
  possibleDuplicates(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: PageQueryDto) {
    return this.duplicates.possibleDuplicates(actor, id, query);
  }

  /**
   * Merges profile `mergeId` into `{id}` (kept) and answers the kept person.
   * A supervisor or an admin whose organisation can see both profiles.
   */
  @Post(':id/merge') @HttpCode(200) @Authenticated('supervisor', 'admin')
  merge(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: MergePeopleDto) {
    return this.merges.merge(actor, id, dto);
  }
}
