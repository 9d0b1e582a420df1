import type { FieldType, FormFieldSpec, LocalizedText } from './model';

export type FormViolationCode =
  | 'FORM.REQUIRED'
  | 'FORM.TYPE'
  | 'FORM.MAX_LENGTH'
  | 'FORM.PATTERN'
  | 'FORM.OPTION'
  | 'FORM.RANGE'
  | 'FORM.UNKNOWN_FIELD';

/** Same shape as `FieldViolation` of @app/contracts, with the form codes spelled out. */
export interface FormFieldViolation {
  path: `formValues.${string}`;
  code: FormViolationCode;
  message: LocalizedText;
}

const TYPE_NAME: Readonly<Record<FieldType, LocalizedText>> = {
  string: { zh: '文本', en: 'text' },
  date: { zh: '日期（YYYY-MM-DD）', en: 'a date (YYYY-MM-DD)' },
  enum: { zh: '选项值', en: 'one of the options' },
  boolean: { zh: '“是”或“否”', en: 'true or false' },
  integer: { zh: '整数', en: 'a whole number' },
};

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A real calendar day written YYYY-MM-DD (2025-02-30 is refused). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function hasType(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
    case 'enum':
      return typeof value === 'string';
    case 'date':
      return typeof value === 'string' && isIsoDate(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
  }
}

/** The first rule the value breaks, in a fixed order (presence, type, option, length, pattern, range). */
function checkField(field: FormFieldSpec, value: unknown): Omit<FormFieldViolation, 'path'> | undefined {
  const label = field.label;
  if (isMissing(value)) {
    return field.required
      ? { code: 'FORM.REQUIRED', message: { zh: `请填写“${label.zh}”`, en: `"${label.en}" is required` } }
      : undefined;
  }
  if (!hasType(field.type, value)) {
    const t = TYPE_NAME[field.type];
    return {
      code: 'FORM.TYPE',
      message: { zh: `“${label.zh}”应为${t.zh}`, en: `"${label.en}" must be ${t.en}` },
    };
  }
  if (field.type === 'enum') {
    const options = field.options ?? [];
    if (!options.some((o) => o.value === value)) {
      return {
        code: 'FORM.OPTION',
        message: {
          zh: `“${label.zh}”只能选择：${options.map((o) => o.label.zh).join('、')}`,
          en: `"${label.en}" must be one of: ${options.map((o) => o.value).join(', ')}`,
        },
      };
    }
  }
  if (typeof value === 'string') {
    // Counted in characters, not UTF-16 units: a rare CJK character outside the BMP counts once.
    if (field.maxLength !== undefined && [...value].length > field.maxLength) {
      return {
        code: 'FORM.MAX_LENGTH',
        message: {
          zh: `“${label.zh}”不得超过${field.maxLength}个字`,
          en: `"${label.en}" must not exceed ${field.maxLength} characters`,
        },
      };
    }
    if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(value)) {
      return {
        code: 'FORM.PATTERN',
        message: { zh: `“${label.zh}”格式不正确`, en: `"${label.en}" is not in the expected format` },
      };
    }
  }
  if (typeof value === 'number') {
    const tooLow = field.min !== undefined && value < field.min;
    const tooHigh = field.max !== undefined && value > field.max;
    if (tooLow || tooHigh) {
      const range = rangeText(field.min, field.max);
      return {
        code: 'FORM.RANGE',
        message: { zh: `“${label.zh}”应${range.zh}`, en: `"${label.en}" must be ${range.en}` },
      };
    }
  }
  return undefined;
}

function rangeText(min: number | undefined, max: number | undefined): LocalizedText {
  if (min !== undefined && max !== undefined)
    return { zh: `在${min}至${max}之间`, en: `between ${min} and ${max}` };
  if (min !== undefined) return { zh: `不小于${min}`, en: `at least ${min}` };
  return { zh: `不大于${max ?? ''}`, en: `at most ${max ?? ''}` };
}

/**
 * Checks the answers of the merged form. Returns every violation at once (一次性告知), at most one per
 * field, then one per answer to a question the form does not ask. Optional fields may be left empty;
 * a whitespace-only string counts as empty.
 */
export function validateFormValues(
  fields: readonly FormFieldSpec[],
  values: Readonly<Record<string, unknown>>,
): FormFieldViolation[] {
  const violations: FormFieldViolation[] = [];
  const known = new Set<string>();
  for (const field of fields) {
    known.add(field.code);
    const value = Object.prototype.hasOwnProperty.call(values, field.code) ? values[field.code] : undefined;
    const violation = checkField(field, value);
    if (violation) violations.push({ path: `formValues.${field.code}`, ...violation });
  }
  for (const code of Object.keys(values)) {
    if (known.has(code)) continue;
    violations.push({
      path: `formValues.${code}`,
      code: 'FORM.UNKNOWN_FIELD',
      message: { zh: `表单中没有“${code}”这一项`, en: `The form has no field "${code}"` },
    });
  }
  return violations;
}
