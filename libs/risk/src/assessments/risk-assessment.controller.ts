import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, PageQueryDto, UuidParam } from '@asb/core';
import { CreateRiskAssessmentDto, MissingRiskAssessmentsQueryDto } from './risk-assessment.dto';
import { RiskAssessmentService } from './risk-assessment.service';

@ApiTags('risk assessments')
@Controller('api/v1')
export class RiskAssessmentController {
  constructor(private readonly service: RiskAssessmentService) {}

  /** The current templates: questions, weights, thresholds, and which questions the service answers. */
  @Get('risk-assessment-templates') @Authenticated()
  templates() {
    return this.service.currentTemplates();
  }

  /** Records an assessment; the service scores it and fills in V5, P6 and C5. */
  @Post('cases/:id/risk-assessments') @Authenticated(...CASEWORK_ROLES)
  create(@CurrentActor() actor: Actor, @UuidParam('id') caseId: string, @Body() dto: CreateRiskAssessmentDto) {
    return this.service.create(actor, caseId, dto);
  }

  /** The case's assessments, newest first. */
  @Get('cases/:id/risk-assessments') @Authenticated(...CASEWORK_ROLES)
  history(@CurrentActor() actor: Actor, @UuidParam('id') caseId: string, @Query() page: PageQueryDto) {
    return this.service.history(actor, caseId, page.limit, page.cursor);
  }

  /** Missing and review-overdue assessments on the open cases the caller can see. */
  @Get('risk-assessments/missing') @Authenticated(...CASEWORK_ROLES)
  missing(@CurrentActor() actor: Actor, @Query() q: MissingRiskAssessmentsQueryDto) {
    return this.service.listMissing(actor, q.npaCode, q.limit, q.cursor);
  }
}
