import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, PageQueryDto, UuidParam } from '@asb/core';
import { CreateInterventionDto, RecordBreachDto, ServeInterventionDto, WithdrawInterventionDto } from './intervention.dto';
import { InterventionsService } from './interventions.service';

@ApiTags('interventions')
@Controller('api/v1')
export class InterventionsController {
  constructor(private readonly interventions: InterventionsService) {}

  /** Record an intervention against a perpetrator on the case (the Incremental Approach). A CPN starts proposed; everything else served. */
  @Post('cases/:id/perpetrators/:personId/interventions') @Authenticated(...CASEWORK_ROLES)
  create(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('personId') personId: string, @Body() dto: CreateInterventionDto) {
    return this.interventions.create(actor, id, personId.toLowerCase(), dto);
  }

  /** The case's interventions, newest issued first, each with its breaches. */
  @Get('cases/:id/interventions') @Authenticated(...CASEWORK_ROLES)
  list(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: PageQueryDto) {
    return this.interventions.list(actor, id, query);
  }

  /** Approve a proposed CPN (a supervisor of the issuing organisation who did not propose it). */
  @Post('interventions/:id/approve') @HttpCode(200) @Authenticated('supervisor')
  approve(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.interventions.approve(actor, id.toLowerCase());
  }

  /** Serve an approved CPN (the issuing organisation). */
  @Post('interventions/:id/serve') @HttpCode(200) @Authenticated(...CASEWORK_ROLES)
  serve(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ServeInterventionDto) {
    return this.interventions.serve(actor, id.toLowerCase(), dto);
  }

  /** Withdraw an intervention (the issuing organisation); it then counts for nothing. */
  @Post('interventions/:id/withdraw') @HttpCode(200) @Authenticated(...CASEWORK_ROLES)
  withdraw(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: WithdrawInterventionDto) {
    return this.interventions.withdraw(actor, id.toLowerCase(), dto);
  }

  /** Record a breach of a served intervention. */
  @Post('interventions/:id/breaches') @Authenticated(...CASEWORK_ROLES)
  recordBreach(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: RecordBreachDto) {
    return this.interventions.recordBreach(actor, id.toLowerCase(), dto);
  }
}
