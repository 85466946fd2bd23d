import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, UuidParam } from '@asb/core';
import { AddPartyDto, AddVictimDto } from './party.dto';
import { PartiesService } from './parties.service';

@ApiTags('cases')
@Controller('api/v1/cases/:id')
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  @Post('victims') @Authenticated(...CASEWORK_ROLES)
  addVictim(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AddVictimDto) {
    return this.parties.addVictim(actor, id, dto);
  }

  @Post('perpetrators') @Authenticated(...CASEWORK_ROLES)
  addPerpetrator(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AddPartyDto) {
    return this.parties.addPerpetrator(actor, id, dto.personId);
  }

  @Post('witnesses') @Authenticated(...CASEWORK_ROLES)
  addWitness(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: AddPartyDto) {
    return this.parties.addWitness(actor, id, dto.personId);
  }

  @Delete('victims/:personId') @HttpCode(204) @Authenticated(...CASEWORK_ROLES)
  removeVictim(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string) {
    return this.parties.remove(actor, id, 'victim', personId);
  }

  @Delete('perpetrators/:personId') @HttpCode(204) @Authenticated(...CASEWORK_ROLES)
  removePerpetrator(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string) {
    return this.parties.remove(actor, id, 'perpetrator', personId);
  }

  @Delete('witnesses/:personId') @HttpCode(204) @Authenticated(...CASEWORK_ROLES)
  removeWitness(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string) {
    return this.parties.remove(actor, id, 'witness', personId);
  }
}
