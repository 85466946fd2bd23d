import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { Actor, Authenticated, CurrentActor, IsCalendarDate } from '@asb/core';
import { ReviewRemindersTrigger } from './review-reminders-trigger.service';

export class RunReviewRemindersDto {
  /** The day (YYYY-MM-DD, in SCHEDULE_TZ) the run counts as for "once per person per day"; today when absent. */
  @IsOptional() @IsCalendarDate()
  day?: string;

  /** Send again to people who already had this day's e-mail. */
  @IsOptional() @IsBoolean()
  force?: boolean;
}

@ApiTags('jobs')
@Controller('api/v1')
export class ReviewRemindersController {
  constructor(private readonly trigger: ReviewRemindersTrigger) {}

  /** Runs the daily supervisory-review reminder e-mail now. */
  @Post('jobs/review-reminders') @HttpCode(202) @Authenticated('admin')
  async run(@CurrentActor() actor: Actor, @Body() dto: RunReviewRemindersDto) {
    return { jobId: await this.trigger.run(actor, dto.day, dto.force === true) };
  }
}
