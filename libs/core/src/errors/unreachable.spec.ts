import { describeUnreachable, unreachableDependency } from './unreachable';

function sysError(code: string, message = `connect ${code} 127.0.0.1:5432`): Error {
  return Object.assign(new Error(message), { code, errno: -111, syscall: 'connect' });
}

describe('unreachableDependency', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'])('takes the socket error %s as the fallback dependency', (code) => {
    expect(unreachableDependency(sysError(code))).toBe('postgres');
    expect(unreachableDependency(sysError(code), 'redis')).toBe('redis');
  });

  it('looks inside an AggregateError (node connecting to ::1 and 127.0.0.1) and a TypeORM driverError', () => {
    expect(unreachableDependency(new AggregateError([sysError('ECONNREFUSED')], ''))).toBe('postgres');
    const queryFailed = Object.assign(new Error('Connection terminated unexpectedly'), { name: 'QueryFailedError', driverError: new Error('Connection terminated unexpectedly') });
    expect(unreachableDependency(queryFailed)).toBe('postgres');
    expect(unreachableDependency(new Error('wrapped', { cause: sysError('ECONNRESET') }))).toBe('postgres');
  });

  it.each(['08000', '08003', '08006', '08001', '08P01', '57P01', '57P02', '57P03', '53300'])('takes SQLSTATE %s as PostgreSQL away', (code) => {
    expect(unreachableDependency(Object.assign(new Error('x'), { code }))).toBe('postgres');
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
  ])('takes node-postgres "%s" as PostgreSQL away', (message) => {
    expect(unreachableDependency(new Error(message))).toBe('postgres');
  });

  it('takes ioredis and BullMQ connection errors as Redis away', () => {
    expect(unreachableDependency(Object.assign(new Error('Reached the max retries per request limit (which is 0).'), { name: 'MaxRetriesPerRequestError' }))).toBe('redis');
    expect(unreachableDependency(new Error('Connection is closed.'))).toBe('redis');
    expect(unreachableDependency(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe('redis');
    expect(unreachableDependency(Object.assign(new Error('Command aborted due to connection close'), { name: 'AbortError' }))).toBe('redis');
  });

  it('leaves every other error alone: constraints, bad values, syntax, bugs', () => {
    for (const code of ['23505', '23503', '22P02', '42601', '40P01', '57014', '42P01']) {
      expect(unreachableDependency(Object.assign(new Error('x'), { code }))).toBeUndefined();
    }
    expect(unreachableDependency(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
    expect(unreachableDependency(new Error('jwt expired'))).toBeUndefined();
    expect(unreachableDependency(undefined)).toBeUndefined();
    expect(unreachableDependency('ECONNREFUSED')).toBeUndefined();
    // A request body the client stopped sending (raw-body / http-errors) is not the database going away.
    expect(unreachableDependency(Object.assign(new Error('request aborted'), { code: 'ECONNABORTED', status: 400, statusCode: 400 }))).toBeUndefined();
    expect(unreachableDependency(Object.assign(new Error('aborted'), { code: 'ECONNRESET', status: 400, statusCode: 400 }))).toBeUndefined();
  });
});

describe('describeUnreachable', () => {
  it('gives the code and the first line, never a stack', () => {
    expect(describeUnreachable(sysError('ECONNREFUSED'))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
    expect(describeUnreachable(Object.assign(new Error('terminating connection due to administrator command\nmore'), { code: '57P01' }))).toBe(
      '57P01: terminating connection due to administrator command',
    );
    expect(describeUnreachable(new AggregateError([sysError('ECONNREFUSED')], ''))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });
});
