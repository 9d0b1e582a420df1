import { computeKpis, type KpiRow } from './kpi';
import { CALENDAR_2025, MARCH } from './kpi.fixtures';
import { displayWidth, formatKpiTable, KPI_METRICS } from './kpi-table';

function sampleRow(group: string, overrides: Partial<KpiRow> = {}): KpiRow {
  const [empty] = computeKpis([], MARCH, 'none', CALENDAR_2025);
  if (empty === undefined) throw new Error('no row');
  return { ...empty, group, ...overrides };
}

describe('formatKpiTable', () => {
  it('lists every KPI field exactly once as a row', () => {
    const fields = Object.keys(sampleRow('x'))
      .filter((key) => key !== 'group')
      .sort();
    expect(KPI_METRICS.map((metric) => metric.key).sort()).toEqual(fields);
  });

  it('labels rows in Chinese and English and puts groups in the header', () => {
    const lines = formatKpiTable([sampleRow('cnipa-patent'), sampleRow('cnipa-trademark')]).split('\n');
    expect(lines[0]).toMatch(/^指标 Metric\s+cnipa-patent\s+cnipa-trademark$/);
    expect(lines.some((line) => line.startsWith('满意率 Satisfaction rate'))).toBe(true);
    expect(lines.some((line) => line.startsWith('平均办理工作日 Mean processing working days'))).toBe(true);
  });

  it('shows rates as percentages with one decimal, means with one decimal, counts as integers, no data as "-"', () => {
    const text = formatKpiTable([
      sampleRow('A', {
        ratings: 3,
        satisfactionRate: 2 / 3,
        meanWorkingDaysToRectify: 10 / 3,
        onTimeRate: null,
      }),
    ]);
    const line = (label: string): string => text.split('\n').find((l) => l.startsWith(label)) ?? '';
    expect(line('评价数 Ratings')).toMatch(/\s3$/);
    expect(line('满意率 Satisfaction rate')).toMatch(/\s66\.7%$/);
    expect(line('平均整改工作日')).toMatch(/\s3\.3$/);
    expect(line('按时办结率 On-time rate')).toMatch(/\s-$/);
    expect(text).toContain('"-" = 无数据 no data');
  });

  it('lines the columns up in terminal columns (CJK counts as two)', () => {
    const lines = formatKpiTable([sampleRow('G1', { ratings: 12345 }), sampleRow('很长的分组名称')])
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('"'));
    // Every table line is right-aligned to the same width, since the last column is right-aligned.
    const widths = new Set(lines.map(displayWidth));
    expect(widths.size).toBe(1);
  });

  it('says there is no data when there are no rows', () => {
    expect(formatKpiTable([])).toContain('无数据 No data');
  });
});

describe('displayWidth', () => {
  it('counts ASCII as one column and Chinese characters and fullwidth punctuation as two', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('满意率')).toBe(6);
    expect(displayWidth('（）')).toBe(4);
    expect(displayWidth('满意 rate')).toBe(9);
  });
});
