import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, UuidParam } from '@asb/core';
import { CreatePersonDto, SearchPeopleQueryDto, UpdatePersonDto } from './person.dto';
import { PeopleService } from './people.service';

@ApiTags('people')
@Controller('api/v1/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  /** Records a person or a body (business, organisation), owned by the caller's organisation. */
  @Post() @Authenticated(...CASEWORK_ROLES)
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePersonDto) {
    return this.people.create(actor, dto);
  }

  /** Partnership-wide search: profiles the caller cannot see come restricted, with who holds them. */
  @Get() @Authenticated(...CASEWORK_ROLES)
  search(@CurrentActor() actor: Actor, @Query() query: SearchPeopleQueryDto) {
    return this.people.search(actor, query);
  }

  /** The whole person with repeat-victim status; a merged profile answers `{ id, mergedInto }`. */
  @Get(':id') @Authenticated(...CASEWORK_ROLES)
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.people.get(actor, id);
  }

  /** Changes a visible profile; null clears a field; an address is replaced whole. */
  @Patch(':id') @Authenticated(...CASEWORK_ROLES)
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdatePersonDto) {
    return this.people.update(actor, id, dto);
  }
}
