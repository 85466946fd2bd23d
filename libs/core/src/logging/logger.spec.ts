import { QueryFailedError } from 'typeorm';
import { errorForLog } from './logger';

describe('errorForLog', () => {
  it('keeps the type, code, message and stack of a database error, never its parameters or client', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "people_pkey"'), {
      code: '23505',
      client: { connectionParameters: { password: 'secret' } },
    });
    const e = new QueryFailedError('INSERT INTO people (first_name, date_of_birth) VALUES ($1, $2)', ['Ann', '1956-03-02'], driverError);
    const logged = errorForLog(e) as Record<string, unknown>;
    expect(Object.keys(logged).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(logged).toMatchObject({ type: 'QueryFailedError', code: '23505' });
    expect(JSON.stringify(logged)).not.toMatch(/Ann|1956-03-02|secret|INSERT INTO/);
  });

  it('leaves what is not an error as it is', () => {
    expect(errorForLog('a plain reason')).toBe('a plain reason');
  });
});
