import { Injectable } from '@nestjs/common';

/** The time, injected so rules about 12 months, 28 days and Mondays can be tested. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
