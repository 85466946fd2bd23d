import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, UuidParam } from '@asb/core';
import { CreateIncidentDto, ListIncidentsQueryDto } from './incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Controller('api/v1/cases/:id/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  /** Record an incident; the answer names the victims who are now repeat victims. */
  @Post() @Authenticated(...CASEWORK_ROLES)
  create(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CreateIncidentDto) {
    return this.incidents.create(actor, id, dto);
  }

  /** The case's incidents, newest first; `externalRef=SYSTEM:VALUE` finds one by its reference. */
  @Get() @Authenticated(...CASEWORK_ROLES)
  list(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: ListIncidentsQueryDto) {
    return this.incidents.list(actor, id, query);
  }
}
