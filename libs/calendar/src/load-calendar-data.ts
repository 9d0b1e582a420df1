import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CalendarError } from './calendar-error';
import { validateCalendarYear, type CalendarYear } from './calendar-year';

const YEAR_FILE = /^(\d{4})\.json$/;

/**
 * Where the repo's `data/calendar` lives. The working directory wins (services start from the repo root);
 * the `__dirname`-relative paths cover running from source (libs/calendar/src) and from a build under dist/.
 */
export function defaultCalendarDataDirCandidates(): string[] {
  return [
    resolve(process.cwd(), 'data/calendar'),
    resolve(__dirname, '../../../data/calendar'),
    resolve(__dirname, '../../../../data/calendar'),
  ];
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function resolveDataDir(dir: string | undefined): string {
  const candidates = dir === undefined ? defaultCalendarDataDirCandidates() : [resolve(dir)];
  const found = candidates.find(isDirectory);
  if (found === undefined) {
    throw new CalendarError(
      'CALENDAR.DATA_DIR_NOT_FOUND',
      {
        zh: `找不到工作日历数据目录:${candidates.join('、')}`,
        en: `Working-day calendar data directory not found: ${candidates.join(', ')}`,
      },
      'UNAVAILABLE',
    );
  }
  return found;
}

function parseYearFile(path: string, fileName: string, expectedYear: number): CalendarYear {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new CalendarError('CALENDAR.INVALID_DATA', {
      zh: `日历数据文件 ${fileName} 不是有效的 JSON:${(cause as Error).message}`,
      en: `Calendar data file ${fileName} is not valid JSON: ${(cause as Error).message}`,
    });
  }
  const year = validateCalendarYear(raw, fileName);
  if (year.year !== expectedYear) {
    throw new CalendarError('CALENDAR.INVALID_DATA', {
      zh: `日历数据文件 ${fileName} 的 year 为 ${year.year},与文件名不符`,
      en: `Calendar data file ${fileName} declares year ${year.year}, which does not match its name`,
    });
  }
  return year;
}

/** Reads every `<year>.json` in the directory. Any other `.json` file is an error, not silently skipped. */
export function loadCalendarYears(dir?: string): CalendarYear[] {
  const dataDir = resolveDataDir(dir);
  const jsonFiles = readdirSync(dataDir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const years = jsonFiles.map((fileName) => {
    const match = YEAR_FILE.exec(fileName);
    if (match === null) {
      throw new CalendarError('CALENDAR.INVALID_DATA', {
        zh: `日历数据文件名应为 <年份>.json:${fileName}`,
        en: `Calendar data files must be named <year>.json: ${fileName}`,
      });
    }
    return parseYearFile(join(dataDir, fileName), fileName, Number(match[1]));
  });
  if (years.length === 0) {
    throw new CalendarError(
      'CALENDAR.NO_DATA',
      { zh: `目录 ${dataDir} 中没有日历数据文件`, en: `No calendar data files in ${dataDir}` },
      'UNAVAILABLE',
    );
  }
  return years;
}
