import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkingDayCalendar } from '@app/calendar';
import { loadCalendarYears } from './load-calendar-data';

describe('loading calendar data from <year>.json files', () => {
  let dir: string;
  const write = (name: string, content: unknown): void =>
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'calendar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every <year>.json and ignores non-JSON files such as a README', () => {
    write('2030.json', { year: 2030, holidays: ['2030-01-01'], adjustedWorkingDays: [] });
    write('2031.json', { year: 2031, holidays: [], adjustedWorkingDays: [] });
    write('README.md', '# notes');
    const calendar = WorkingDayCalendar.fromDataDir(dir);
    expect(calendar.coveredYears).toEqual([2030, 2031]);
    expect(calendar.isWorkingDay('2030-01-01')).toBe(false);
  });

  it('refuses a file whose year does not match its name', () => {
    write('2030.json', { year: 2031, holidays: [], adjustedWorkingDays: [] });
    expect(() => loadCalendarYears(dir)).toThrow(/2030\.json declares year 2031/);
  });

  it('refuses a JSON file not named <year>.json instead of silently skipping it', () => {
    write('2030-draft.json', { year: 2030, holidays: [], adjustedWorkingDays: [] });
    expect(() => loadCalendarYears(dir)).toThrow(expect.objectContaining({ code: 'CALENDAR.INVALID_DATA' }));
  });

  it('refuses malformed JSON, naming the file', () => {
    write('2030.json', '{ "year": 2030, ');
    expect(() => loadCalendarYears(dir)).toThrow(/2030\.json is not valid JSON/);
  });

  it('names the file when its content breaks a data rule', () => {
    write('2030.json', { year: 2030, holidays: ['2030-01-05'], adjustedWorkingDays: [] }); // a Saturday
    expect(() => loadCalendarYears(dir)).toThrow(/2030\.json.*weekend/);
  });

  it('an empty directory is CALENDAR.NO_DATA; a missing one is CALENDAR.DATA_DIR_NOT_FOUND', () => {
    expect(() => loadCalendarYears(dir)).toThrow(expect.objectContaining({ code: 'CALENDAR.NO_DATA' }));
    expect(() => loadCalendarYears(join(dir, 'nope'))).toThrow(
      expect.objectContaining({ code: 'CALENDAR.DATA_DIR_NOT_FOUND' }),
    );
  });

  it('without a directory finds the repo data even when the working directory is elsewhere', () => {
    const cwd = process.cwd();
    try {
      process.chdir(dir); // no data/calendar here: falls back to the __dirname-relative path
      expect(loadCalendarYears().map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
    } finally {
      process.chdir(cwd);
    }
  });
});
