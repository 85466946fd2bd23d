import { Module } from '@nestjs/common';
import { RepeatVictimRepository } from './repeat-victim/repeat-victim.repository';

@Module({ providers: [RepeatVictimRepository], exports: [RepeatVictimRepository] })
export class PeopleModule {}
