import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, CASEWORK_ROLES, CurrentActor, PageQueryDto, UuidParam } from '@asb/core';
import { CloseCaseDto, CreateReviewDto, ReopenCaseDto } from './review.dto';
import { ReviewsService } from './reviews.service';

@ApiTags('supervision')
@Controller('api/v1/cases/:id')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  /** Record a supervisory review (supervisor of the lead organisation, not the officer in charge). */
  @Post('reviews') @Authenticated('supervisor')
  create(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CreateReviewDto) {
    return this.reviews.create(actor, id, dto);
  }

  /** The case's reviews, newest first. */
  @Get('reviews') @Authenticated(...CASEWORK_ROLES)
  list(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: PageQueryDto) {
    return this.reviews.list(actor, id, query);
  }

  /** Close the case: a review with decision "close" (supervisor of the lead organisation, not the officer in charge). */
  @Post('close') @HttpCode(200) @Authenticated('supervisor')
  close(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: CloseCaseDto) {
    return this.reviews.close(actor, id, dto);
  }

  /** Reopen a closed case (supervisor of the lead organisation); the next review is due 28 days later. */
  @Post('reopen') @HttpCode(200) @Authenticated('supervisor')
  reopen(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() dto: ReopenCaseDto) {
    return this.reviews.reopen(actor, id, dto);
  }
}
