import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, UuidParam } from '@asb/core';
import { CreateCaseReviewDto, RecordCaseReviewOutcomeDto } from './case-review.dto';
import { CaseReviewsService } from './case-reviews.service';

@ApiTags('escalation')
@Controller('api/v1/case-reviews')
export class CaseReviewsController {
  constructor(private readonly reviews: CaseReviewsService) {}

  /** Record an ASB Case Review application; the answer says whether the threshold is met and by which complaints. */
  @Post() @Authenticated(...CASEWORK_ROLES)
  apply(@CurrentActor() actor: Actor, @Body() dto: CreateCaseReviewDto) {
    return this.reviews.apply(actor, dto);
  }

  @Get(':id') @Authenticated(...CASEWORK_ROLES)
  get(@CurrentActor() actor: Actor, @UuidParam('id') id: string) {
    return this.reviews.get(actor, id.toLowerCase());
  }

  /** Record the review's decision and recommendations (supervisor), once. */
  @Post(':id/outcome') @HttpCode(200) @Authenticated('supervisor')
  recordOutcome(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: RecordCaseReviewOutcomeDto) {
    return this.reviews.recordOutcome(actor, id.toLowerCase(), dto);
  }
}
