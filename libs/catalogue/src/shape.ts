import type { CatalogueIssue } from './errors';
import type { Catalogue } from './model';

/**
 * Structural check of a catalogue read from JSON (seed file, database, an editor's request): types
 * of every property, before `validateCatalogue` judges the values. Kept as data so the shape reads
 * like the interfaces in model.ts.
 */
type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | { readonly arrayOf: Shape }
  | { readonly object: Readonly<Record<string, Shape | { readonly optional: Shape }>> };

const TEXT: Shape = { object: { zh: 'string', en: 'string' } };

const MATERIAL: Shape = {
  object: {
    code: 'string',
    name: TEXT,
    description: TEXT,
    provableBy: { arrayOf: { object: { source: 'string', fact: 'string' } } },
    deferrable: 'boolean',
    deferralWorkingDays: { optional: 'number' },
    mediaTypes: { arrayOf: 'string' },
    maxBytes: 'number',
    requiredWhen: { optional: 'string' },
  },
};

const FIELD: Shape = {
  object: {
    code: 'string',
    label: TEXT,
    type: 'string',
    required: 'boolean',
    maxLength: { optional: 'number' },
    pattern: { optional: 'string' },
    options: { optional: { arrayOf: { object: { value: 'string', label: TEXT } } } },
    min: { optional: 'number' },
    max: { optional: 'number' },
  },
};

const ITEM: Shape = {
  object: {
    code: 'string',
    name: TEXT,
    authority: 'string',
    acceptanceConditions: { arrayOf: TEXT },
    materials: { arrayOf: MATERIAL },
    formFields: { arrayOf: FIELD },
    commitmentAllowed: 'boolean',
    postHocSamplingRate: 'number',
    legalTimeLimitDays: 'number',
    promisedTimeLimitDays: 'number',
    assetKind: { optional: 'string' },
  },
};

const BUNDLE: Shape = {
  object: {
    code: 'string',
    name: TEXT,
    description: TEXT,
    items: {
      arrayOf: { object: { itemCode: 'string', cardinality: 'string', dependsOn: { arrayOf: 'string' } } },
    },
    commitmentAllowed: 'boolean',
  },
};

const CATALOGUE: Shape = {
  object: {
    version: 'number',
    publishedAt: 'string',
    items: { arrayOf: ITEM },
    bundles: { arrayOf: BUNDLE },
  },
};

function describe(shape: Shape): { zh: string; en: string } {
  if (shape === 'string') return { zh: '文本', en: 'a string' };
  if (shape === 'number') return { zh: '数字', en: 'a number' };
  if (shape === 'boolean') return { zh: '布尔值', en: 'a boolean' };
  if ('arrayOf' in shape) return { zh: '数组', en: 'an array' };
  return { zh: '对象', en: 'an object' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function matches(value: unknown, shape: Shape): boolean {
  if (shape === 'string' || shape === 'boolean') return typeof value === shape;
  if (shape === 'number') return typeof value === 'number' && Number.isFinite(value);
  if ('arrayOf' in shape) return Array.isArray(value);
  return isRecord(value);
}

function check(value: unknown, shape: Shape, path: string, issues: CatalogueIssue[]): void {
  if (!matches(value, shape)) {
    const expected = describe(shape);
    issues.push({
      path,
      code: 'CATALOGUE.INVALID_SHAPE',
      message: { zh: `应为${expected.zh}`, en: `must be ${expected.en}` },
    });
    return;
  }
  if (typeof shape === 'string') return;
  if ('arrayOf' in shape) {
    if (Array.isArray(value))
      value.forEach((element, i) => check(element, shape.arrayOf, `${path}[${i}]`, issues));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, propertyShape] of Object.entries(shape.object)) {
    const propertyPath = path ? `${path}.${key}` : key;
    const propertyValue = value[key];
    if (typeof propertyShape === 'object' && 'optional' in propertyShape) {
      if (propertyValue !== undefined) check(propertyValue, propertyShape.optional, propertyPath, issues);
    } else {
      check(propertyValue, propertyShape, propertyPath, issues);
    }
  }
}

/** Lists structural defects; an empty list means `raw` can be read as a Catalogue. */
export function catalogueShapeIssues(raw: unknown): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  check(raw, CATALOGUE, '', issues);
  return issues.map((issue) => (issue.path === '' ? { ...issue, path: '(root)' } : issue));
}

export function hasCatalogueShape(raw: unknown, issues: CatalogueIssue[]): raw is Catalogue {
  const found = catalogueShapeIssues(raw);
  issues.push(...found);
  return found.length === 0;
}
