import { parseSeedDemoArgs } from './seed-demo-args';

describe('seed-demo arguments', () => {
  const today = new Date('2026-11-23T10:00:00Z');
  const parse = (...argv: string[]) => parseSeedDemoArgs(argv, today);

  it('takes the number of incidents, and a seed that defaults to 1', () => {
    expect(parse('--incidents', '1000000')).toEqual({ incidents: 1_000_000, seed: 1, password: null, now: null, batchIncidents: null });
    expect(parse('--incidents=1_000', '--seed', '7', '--password', 'a-long-password', '--now', '2026-06-30', '--batch', '500')).toEqual({
      incidents: 1000,
      seed: 7,
      password: 'a-long-password',
      now: new Date('2026-06-30T00:00:00Z'),
      batchIncidents: 500,
    });
  });

  it.each([
    [['--incidents', '-5'], /--incidents must be a whole number from 1 to 10,000,000 \(got "-5"\)/],
    [['--incidents', '0'], /--incidents must be a whole number from 1/],
    [['--incidents', '10000001'], /--incidents must be a whole number from 1 to 10,000,000/],
    [['--incidents', '1e6'], /--incidents must be a whole number/],
    [['--incidents', 'lots'], /--incidents must be a whole number/],
    [['--incidents', '2.5'], /--incidents must be a whole number/],
    [[], /--incidents is required/],
    [['--incidents'], /--incidents/],
    [['--incidents', '10', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['--incidents', '10', 'extra'], /positional/],
    [['--incidents', '10', '--seed', '-1'], /--seed must be a whole number/],
    [['--incidents', '10', '--password', 'short'], /--password must be at least 12 characters/],
    [['--incidents', '10', '--now', '2026-02-30'], /--now must be a date/],
    [['--incidents', '10', '--now', '2027-01-01'], /--now must be a date from 2000 up to today/],
    [['--incidents', '10', '--batch', '5'], /--batch must be a whole number from 100/],
  ])('refuses %j with a message', (argv, message) => {
    expect(() => parse(...(argv as string[]))).toThrow(message as RegExp);
  });
});
