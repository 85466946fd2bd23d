import { parseBenchArgs, UsageError } from './args';

describe('parseBenchArgs', () => {
  it('defaults to the local service and database, 50 connections for casework and 1 for the reports', () => {
    expect(parseBenchArgs([])).toEqual({
      baseUrl: 'http://127.0.0.1:3000',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/asb',
      connections: 50,
      reportConnections: 1,
      duration: 10,
      warmup: 2,
      label: 'asb',
      operations: ['read-case', 'record-incident', 'search-people', 'compliance-report', 'missing-assessments'],
      outDir: 'bench/results',
      explain: false,
    });
  });

  it('reads the options given, keeping the operations in their own order', () => {
    const o = parseBenchArgs(['--base-url', 'http://127.0.0.1:3100/', '--database-url', 'postgres://u:p@db:5432/asb_bench_1m', '--connections', '20', '--duration', '5', '--warmup', '0', '--ops', 'search-people,read-case']);
    expect(o).toMatchObject({ baseUrl: 'http://127.0.0.1:3100', label: 'asb_bench_1m', connections: 20, duration: 5, warmup: 0, operations: ['read-case', 'search-people'] });
    expect(parseBenchArgs(['--help'])).toBe('help');
  });

  it('refuses what it cannot use, saying which option', () => {
    const refused = (args: string[], message: RegExp) => expect(() => parseBenchArgs(args)).toThrow(expect.objectContaining({ constructor: UsageError, message: expect.stringMatching(message) }));
    refused(['--connections', '0'], /--connections/);
    refused(['--duration', 'ten'], /--duration/);
    refused(['--ops', 'read-case,drop-tables'], /not drop-tables/);
    refused(['--database-url', 'mysql://x/y'], /--database-url/);
    refused(['--base-url', 'localhost:3000'], /--base-url/);
    refused(['--label', 'a/b'], /--label/);
    refused(['--nonsense'], /nonsense/);
  });
});
