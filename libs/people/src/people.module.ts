import { Module } from '@nestjs/common';
import { PeopleController } from './people/people.controller';
import { PeopleRepository } from './people/people.repository';
import { PeopleService } from './people/people.service';
import { RepeatVictimRepository } from './repeat-victim/repeat-victim.repository';

@Module({
  controllers: [PeopleController],
  providers: [RepeatVictimRepository, PeopleRepository, PeopleService],
  exports: [RepeatVictimRepository, PeopleRepository, PeopleService],
})
export class PeopleModule {}
