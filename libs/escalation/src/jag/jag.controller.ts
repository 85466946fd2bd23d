import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, UuidParam } from '@asb/core';
import {
  CancelJagActionDto,
  CompleteJagActionDto,
  CreateJagActionDto,
  CreateJagMeetingDto,
  CreateJagReferralDto,
  ListJagReferralsQueryDto,
  ResolveJagReferralDto,
} from './jag.dto';
import { JagService } from './jag.service';

/**
 * Roles: casework roles refer, add actions, record meetings and complete or
 * cancel actions; claiming `complex` needs a supervisor (checked as a
 * criterion); resolving is for supervisors. See rules/jag-referral.ts.
 */
@ApiTags('escalation')
@Controller('api/v1')
export class JagController {
  constructor(private readonly jag: JagService) {}

  /** Refer the case to the JAG of its CSP; every criterion claimed is checked against the service's data. */
  @Post('cases/:id/jag-referrals') @Authenticated(...CASEWORK_ROLES)
  refer(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CreateJagReferralDto) {
    return this.jag.refer(actor, id.toLowerCase(), dto);
  }

  /** Referrals on cases the caller can see, newest first. */
  @Get('jag-referrals') @Authenticated(...CASEWORK_ROLES)
  list(@CurrentActor() actor: Actor, @Query() query: ListJagReferralsQueryDto) {
    return this.jag.list(actor, query);
  }

  /** One referral with its actions and meetings. */
  @Get('jag-referrals/:id') @Authenticated(...CASEWORK_ROLES)
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.jag.get(actor, id.toLowerCase());
  }

  /** Assign an action to a partner organisation. */
  @Post('jag-referrals/:id/actions') @Authenticated(...CASEWORK_ROLES)
  addAction(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CreateJagActionDto) {
    return this.jag.addAction(actor, id.toLowerCase(), dto);
  }

  /** Resolve the referral with an outcome, once none of its actions is open (supervisor). */
  @Post('jag-referrals/:id/resolve') @HttpCode(200) @Authenticated('supervisor')
  resolve(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ResolveJagReferralDto) {
    return this.jag.resolve(actor, id.toLowerCase(), dto);
  }

  /** Mark an action done (anyone who can see the case, or the organisation it is assigned to). */
  @Post('jag-actions/:id/complete') @HttpCode(200) @Authenticated(...CASEWORK_ROLES)
  complete(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CompleteJagActionDto) {
    return this.jag.completeAction(actor, id.toLowerCase(), dto);
  }

  /** Cancel an action, with a reason. */
  @Post('jag-actions/:id/cancel') @HttpCode(200) @Authenticated(...CASEWORK_ROLES)
  cancel(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CancelJagActionDto) {
    return this.jag.cancelAction(actor, id.toLowerCase(), dto);
  }

  /** Record a JAG meeting: its CSP, when it was held, who attended and the referrals discussed. */
  @Post('jag-meetings') @Authenticated(...CASEWORK_ROLES)
  recordMeeting(@CurrentActor() actor: Actor, @Body() dto: CreateJagMeetingDto) {
    return this.jag.recordMeeting(actor, dto);
  }
}
