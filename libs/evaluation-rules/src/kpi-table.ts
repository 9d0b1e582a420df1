import type { LocalizedText } from '@app/contracts';
import type { KpiRow } from './kpi';

type MetricKey = Exclude<keyof KpiRow, 'group'>;
type MetricFormat = 'count' | 'rate' | 'days';

interface Metric {
  key: MetricKey;
  label: LocalizedText;
  format: MetricFormat;
}

/** Row labels of the table, in reading order: evaluation, timeliness, materials, commitment, post-hoc. */
export const KPI_METRICS: readonly Metric[] = [
  { key: 'ratings', label: { zh: '评价数', en: 'Ratings' }, format: 'count' },
  { key: 'satisfactionRate', label: { zh: '满意率', en: 'Satisfaction rate' }, format: 'rate' },
  { key: 'badRatings', label: { zh: '差评数', en: 'Bad ratings' }, format: 'count' },
  { key: 'badRectified', label: { zh: '已整改差评', en: 'Bad ratings rectified' }, format: 'count' },
  { key: 'rectifiedShare', label: { zh: '差评整改率', en: 'Rectified share' }, format: 'rate' },
  {
    key: 'meanWorkingDaysToRectify',
    label: { zh: '平均整改工作日', en: 'Mean working days to rectify' },
    format: 'days',
  },
  { key: 'concluded', label: { zh: '办结子事项', en: 'Sub-cases concluded' }, format: 'count' },
  { key: 'completedOnTime', label: { zh: '按时办结', en: 'Concluded on time' }, format: 'count' },
  { key: 'onTimeRate', label: { zh: '按时办结率', en: 'On-time rate' }, format: 'rate' },
  {
    key: 'meanProcessingWorkingDays',
    label: { zh: '平均办理工作日', en: 'Mean processing working days' },
    format: 'days',
  },
  { key: 'materialsRequired', label: { zh: '应交材料', en: 'Materials required' }, format: 'count' },
  { key: 'materialsExempt', label: { zh: '免交材料', en: 'Materials exempt' }, format: 'count' },
  { key: 'exemptionRate', label: { zh: '材料免交率', en: 'Exemption rate' }, format: 'rate' },
  {
    key: 'subCasesEligibleForCommitment',
    label: { zh: '可适用承诺', en: 'Eligible for commitment' },
    format: 'count',
  },
  { key: 'commitmentUsed', label: { zh: '适用承诺', en: 'Commitment used' }, format: 'count' },
  { key: 'commitmentUsageRate', label: { zh: '承诺适用率', en: 'Commitment usage rate' }, format: 'rate' },
  { key: 'obligations', label: { zh: '容缺补交义务', en: 'Obligations' }, format: 'count' },
  { key: 'obligationsFulfilled', label: { zh: '已履行义务', en: 'Obligations fulfilled' }, format: 'count' },
  { key: 'fulfilmentRate', label: { zh: '履诺率', en: 'Fulfilment rate' }, format: 'rate' },
  { key: 'breaches', label: { zh: '违诺子事项', en: 'Breaches' }, format: 'count' },
  { key: 'breachRate', label: { zh: '违诺率', en: 'Breach rate' }, format: 'rate' },
  { key: 'postHocChecks', label: { zh: '事后核查', en: 'Post-hoc checks' }, format: 'count' },
  { key: 'postHocFailed', label: { zh: '核查不通过', en: 'Post-hoc failed' }, format: 'count' },
  { key: 'postHocFailureRate', label: { zh: '核查不通过率', en: 'Post-hoc failure rate' }, format: 'rate' },
];

const NO_DATA = '-';

function formatValue(value: number | null, format: MetricFormat): string {
  if (value === null) return NO_DATA;
  if (format === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (format === 'days') return value.toFixed(1);
  return String(value);
}

/** Terminal columns a string takes: CJK ideographs, fullwidth forms and most emoji take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/**
 * A fixed-width text table for the CLI. Metrics are rows and groups are columns: 24 metrics side by
 * side would not fit a terminal, a handful of groups does. Labels are "中文 English"; rates are
 * percentages with one decimal, mean days one decimal, "-" means no data (denominator 0). Widths
 * count CJK characters as two columns so the columns line up in a terminal.
 */
export function formatKpiTable(rows: readonly KpiRow[]): string {
  const header = ['指标 Metric', ...rows.map((row) => row.group)];
  const body = KPI_METRICS.map((metric) => [
    `${metric.label.zh} ${metric.label.en}`,
    ...rows.map((row) => formatValue(row[metric.key], metric.format)),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...body].map((line) => displayWidth(line[column] ?? ''))),
  );
  const render = (cells: string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? padEnd(cell, widths[0] ?? 0) : padStart(cell, widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const note = rows.length === 0 ? '无数据 No data' : `"${NO_DATA}" = 无数据 no data (denominator 0)`;
  return [render(header), rule, ...body.map(render), '', note, ''].join('\n');
}
