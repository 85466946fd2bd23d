import { Module } from '@nestjs/common';
import { DuplicatesController } from './duplicates/duplicates.controller';
import { DuplicatesRepository } from './duplicates/duplicates.repository';
import { DuplicatesService } from './duplicates/duplicates.service';
import { MergeRepository } from './merge/merge.repository';
import { MergeService } from './merge/merge.service';
import { PeopleController } from './people/people.controller';
import { PeopleRepository } from './people/people.repository';
import { PeopleService } from './people/people.service';
import { RepeatVictimRepository } from './repeat-victim/repeat-victim.repository';

@Module({
  controllers: [PeopleController, DuplicatesController],
  providers: [RepeatVictimRepository, PeopleRepository, PeopleService, DuplicatesRepository, DuplicatesService, MergeRepository, MergeService],
  exports: [RepeatVictimRepository, PeopleRepository, PeopleService],
})
export class PeopleModule {}
