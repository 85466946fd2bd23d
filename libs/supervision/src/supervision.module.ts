import { Module } from '@nestjs/common';
import { CasesModule } from '@asb/cases';
import { PeopleModule } from '@asb/people';
import { ReviewsController } from './reviews/reviews.controller';
import { ReviewsRepository } from './reviews/reviews.repository';
import { ReviewsService } from './reviews/reviews.service';
import { VictimContactController } from './victims/victim-contact.controller';
import { VictimContactRepository } from './victims/victim-contact.repository';
import { VictimContactService } from './victims/victim-contact.service';

/** The 28-day supervisory review, closing and reopening cases, and victim contact (DOMAIN.md sections 7 and 8). */
@Module({
  imports: [CasesModule, PeopleModule],
  controllers: [ReviewsController, VictimContactController],
  providers: [ReviewsRepository, ReviewsService, VictimContactRepository, VictimContactService],
})
export class SupervisionModule {}
