import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, UuidParam } from '@asb/core';
import { ShareCaseDto } from '../shares/share.dto';
import { SharesService } from '../shares/shares.service';
import { CreateCaseDto, ListCasesQueryDto, UpdateCaseDto } from './case.dto';
import { CasesService } from './cases.service';

@ApiTags('cases')
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly shares: SharesService,
  ) {}

  /** Open a case; the caller's organisation leads it. */
  @Post() @Authenticated(...CASEWORK_ROLES)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCaseDto) {
    return this.cases.create(actor, dto);
  }

  /**
   * The cases the caller's organisation leads or was shared, newest opened first.
   * Items are case summaries (id, reference, status, title, category, type, npaCode,
   * cspCode, leadOrganisationId, officerInChargeId, openedAt, closedAt, reviewDueAt,
   * reviewOverdue); GET /api/v1/cases/{id} gives the whole case with its parties.
   */
  @Get() @Authenticated(...CASEWORK_ROLES)
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQueryDto) {
    return this.cases.list(actor, query);
  }

  @Get(':id') @Authenticated(...CASEWORK_ROLES)
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.cases.get(actor, id);
  }

  @Patch(':id') @Authenticated(...CASEWORK_ROLES)
  update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: UpdateCaseDto) {
    return this.cases.update(actor, id, dto);
  }

  /** Share the case with another organisation (lead organisation only). */
  @Post(':id/shares') @Authenticated(...CASEWORK_ROLES)
  share(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ShareCaseDto) {
    return this.shares.share(actor, id, dto.organisationId);
  }

  @Delete(':id/shares/:organisationId') @HttpCode(204) @Authenticated(...CASEWORK_ROLES)
  unshare(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('organisationId') organisationId: string) {
    return this.shares.unshare(actor, id, organisationId);
  }
}
