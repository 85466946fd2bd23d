import { DomainError } from '@asb/core/errors/domain-error';
import { comparePositions, decodeFeedCursor, encodeFeedCursor, feedAudience, nextFeedPosition } from './change-feed';

const p = (xid: string, id: number) => ({ xid, id });
const raw = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('feed audience', () => {
  it('gives casework roles and partner systems the casework changes, admins the administrative ones', () => {
    expect(feedAudience(['caseworker'])).toEqual({ casework: true, administration: false });
    expect(feedAudience(['supervisor'])).toEqual({ casework: true, administration: false });
    expect(feedAudience(['partner_system'])).toEqual({ casework: true, administration: false });
    expect(feedAudience(['admin'])).toEqual({ casework: false, administration: true });
    expect(feedAudience(['admin', 'caseworker'])).toEqual({ casework: true, administration: true });
    expect(feedAudience(['analyst'])).toEqual({ casework: false, administration: false });
  });
});

describe('feed cursors', () => {
  it('round-trips a position, xids beyond 2^53 included', () => {
    for (const pos of [p('1', 1), p('3476', 120), p('18446744073709551615', Number.MAX_SAFE_INTEGER)]) {
      expect(decodeFeedCursor(encodeFeedCursor(pos))).toEqual(pos);
    }
    expect(decodeFeedCursor(undefined)).toBeUndefined();
  });

  it('refuses anything it did not give, naming after', () => {
    const bad = [
      'not base64 json',
      raw(['12']),
      raw([12, 3]),
      raw(['12', '3']),
      raw(['-1', 3]),
      raw(['1e3', 3]),
      raw(['18446744073709551616', 3]),
      raw(['12', 0]),
      raw(['12', 1.5]),
      raw({ xid: '12', id: 3 }),
      raw(['12', 3, 4]),
    ];
    for (const cursor of bad) {
      let error: unknown;
      try {
        decodeFeedCursor(cursor);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('VALIDATION_FAILED');
      expect((error as DomainError).details).toEqual([{ field: 'after', message: 'after is not a cursor this service gave' }]);
    }
  });
});

describe('positions', () => {
  it('orders by transaction first, then by id, comparing xids as integers', () => {
    expect(comparePositions(p('9', 50), p('10', 1))).toBe(-1);
    expect(comparePositions(p('10', 1), p('9', 50))).toBe(1);
    expect(comparePositions(p('10', 2), p('10', 3))).toBeLessThan(0);
    expect(comparePositions(p('10', 3), p('10', 3))).toBe(0);
  });
});

describe('next position', () => {
  const settled = p('40', 900);

  it('is the last item of a full page', () => {
    expect(nextFeedPosition(undefined, [p('10', 1), p('11', 5)], 2, settled)).toEqual(p('11', 5));
  });

  it('moves on to the last settled change after a short page, past changes the caller may not see', () => {
    expect(nextFeedPosition(p('5', 1), [p('10', 1)], 2, settled)).toEqual(settled);
    expect(nextFeedPosition(p('5', 1), [], 50, settled)).toEqual(settled);
    expect(nextFeedPosition(undefined, [], 50, settled)).toEqual(settled);
  });

  it('never goes back, and is null only when there is nothing to resume from', () => {
    expect(nextFeedPosition(p('50', 1), [], 50, settled)).toEqual(p('50', 1));
    expect(nextFeedPosition(p('5', 1), [], 50, undefined)).toEqual(p('5', 1));
    expect(nextFeedPosition(undefined, [], 50, undefined)).toBeUndefined();
  });
});
