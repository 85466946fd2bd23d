import { QueryFailedError } from 'typeorm';
import { DomainError } from '@asb/core/errors/domain-error';
import { isRetryable, lineError } from './line-error';

const pgError = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('pg'), { code }));

describe('lineError', () => {
  it('keeps a domain error by its code, naming the fields in the message', () => {
    const e = DomainError.validation([
      { field: 'case.location.postcode', message: 'postcode must be a UK postcode' },
      { field: 'people.0.person.nickname', message: 'people.0.person.nickname is not a known field' },
    ]);
    expect(lineError(e)).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid: case.location.postcode: postcode must be a UK postcode; people.0.person.nickname is not a known field',
      details: e.details,
    });
    expect(lineError(new DomainError('CASE_CLOSED', 'case: The case is closed'))).toEqual({ code: 'CASE_CLOSED', message: 'case: The case is closed' });
  });

  it('answers PostgreSQL refusals as the error filter does', () => {
    expect(lineError(pgError('23505'))?.code).toBe('CONFLICT');
    expect(lineError(pgError('23503'))?.code).toBe('VALIDATION_FAILED');
    expect(lineError(pgError('22021'))?.message).toMatch(/cannot be stored/);
    expect(lineError(pgError('22P02'))?.code).toBe('VALIDATION_FAILED');
  });

  it('is null for a failure that is not the bundle’s, so the job is retried', () => {
    expect(lineError(new Error('Connection terminated unexpectedly'))).toBeNull();
    expect(lineError(pgError('57P01'))).toBeNull();
    expect(lineError(pgError('40P01'))).toBeNull();
  });

  it('cuts a very long message', () => {
    const e = DomainError.validation(Array.from({ length: 500 }, (_, i) => ({ field: `people.${i}.role`, message: 'role must be one of victim, perpetrator, witness' })));
    const out = lineError(e)!;
    expect(out.message.length).toBe(2000);
    expect(out.details).toHaveLength(50);
  });
});

describe('isRetryable', () => {
  it('is true for a deadlock and a serialization failure only', () => {
    expect(isRetryable(pgError('40P01'))).toBe(true);
    expect(isRetryable(pgError('40001'))).toBe(true);
    expect(isRetryable(pgError('23505'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});
