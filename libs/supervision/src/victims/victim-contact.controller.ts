import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, PageQueryDto, UuidParam } from '@asb/core';
import { CreateVictimFirstReferralDto, RecordVictimUpdateDto, UpdateVictimContactDto, UpdateVictimFirstReferralDto } from './victim-contact.dto';
import { VictimContactService } from './victim-contact.service';

@ApiTags('supervision')
@Controller('api/v1/cases/:id/victims/:personId')
export class VictimContactController {
  constructor(private readonly contact: VictimContactService) {}

  /** The victim's agreed update frequency, preferred method or declining of updates. */
  @Patch() @Authenticated(...CASEWORK_ROLES)
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string, @Body() dto: UpdateVictimContactDto) {
    return this.contact.updateContact(actor, id, personId.toLowerCase(), dto);
  }

  /** Record an update given to the victim. */
  @Post('updates') @Authenticated(...CASEWORK_ROLES)
  recordUpdate(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string, @Body() dto: RecordVictimUpdateDto) {
    return this.contact.recordUpdate(actor, id, personId.toLowerCase(), dto);
  }

  /** The updates given to the victim on this case, newest first. */
  @Get('updates') @Authenticated(...CASEWORK_ROLES)
  listUpdates(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string, @Query() query: PageQueryDto) {
    return this.contact.listUpdates(actor, id, personId.toLowerCase(), query);
  }

  /** Refer the victim to Victim First, with their consent. */
  @Post('victim-first-referrals') @Authenticated(...CASEWORK_ROLES)
  refer(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string, @Body() dto: CreateVictimFirstReferralDto) {
    return this.contact.refer(actor, id, personId.toLowerCase(), dto);
  }

  @Get('victim-first-referrals') @Authenticated(...CASEWORK_ROLES)
  listReferrals(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string) {
    return this.contact.listReferrals(actor, id, personId.toLowerCase());
  }

  /** Record whether the victim took the referral up. */
  @Patch('victim-first-referrals/:referralId') @Authenticated(...CASEWORK_ROLES)
  setTakenUp(
    @CurrentActor() actor: Actor,
    @UuidParam('id') id: string,
    @UuidParam('personId') personId: string,
    @UuidParam('referralId') referralId: string,
    @Body() dto: UpdateVictimFirstReferralDto,
  ) {
    return this.contact.setTakenUp(actor, id, personId.toLowerCase(), referralId.toLowerCase(), dto);
  }
}
