import { parseKpiArgs } from './kpis';

const now = new Date('2025-06-30T16:00:00.000Z');

describe('kpis CLI arguments', () => {
  it('defaults: the 30 days before now, by authority, the local evaluation service', () => {
    expect(parseKpiArgs([], now, {})).toEqual({
      from: new Date('2025-05-31T16:00:00.000Z'),
      to: now,
      groupBy: 'authority',
      url: 'http://127.0.0.1:3004',
      direct: false,
      json: false,
    });
  });

  it('reads every option; EVALUATION_URL is the default address, --url wins', () => {
    const args = parseKpiArgs(
      [
        '--from',
        '2025-01-01T00:00:00+08:00',
        '--to',
        '2025-04-01T00:00:00+08:00',
        '--group-by',
        'item',
        '--direct',
        '--json',
      ],
      now,
      {
        EVALUATION_URL: 'http://eval:3004',
      },
    );
    expect(args).toMatchObject({ groupBy: 'item', url: 'http://eval:3004', direct: true, json: true });
    expect(args.from.toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(parseKpiArgs(['--url', 'http://x:1'], now, { EVALUATION_URL: 'http://eval:3004' }).url).toBe(
      'http://x:1',
    );
  });

  it.each([
    [['--from', 'yesterday'], 'not a valid date'],
    [['--group-by', 'office'], '--group-by'],
    [['--from', '2025-07-01T00:00:00Z', '--to', '2025-06-01T00:00:00Z'], 'before --to'],
    [['--to'], 'missing value'],
    [['--verbose'], 'unknown argument'],
  ])('refuses %p', (argv, message) => {
    expect(() => parseKpiArgs(argv, now, {})).toThrow(message);
  });
});
