import { type CatalogueIssue, type CatalogueIssueCode, invalidCatalogue } from './errors';
import {
  ASSET_KINDS,
  AUTHORITY_CODES,
  CARDINALITIES,
  CARDINALITY_OF_ASSET_KIND,
  type Bundle,
  type Catalogue,
  DATA_SHARING_SOURCE_CODES,
  FIELD_TYPES,
  type FormFieldSpec,
  type LocalizedText,
  MATERIAL_CONDITIONS,
  type MaterialSpec,
  PROVABLE_FACT_CODES,
  type ServiceItem,
  SOURCE_FACTS,
} from './model';
import { canonicalJson, isBlank, isPositiveInteger } from './util';

/** Item, bundle and material codes: upper snake case, so that `itemCode:assetNumber` keys stay unambiguous. */
export const ENTITY_CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;
/** Form-field codes: lower camel case, they become paths `formValues.<code>`. */
export const FIELD_CODE_PATTERN = /^[a-z][A-Za-z0-9]*$/;
const MEDIA_TYPE_PATTERN = /^[a-z]+\/[a-z0-9][a-z0-9.+-]*$/;
const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function includes<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Collects issues with their paths; one collector per validation run. */
class IssueList {
  readonly issues: CatalogueIssue[] = [];

  add(path: string, code: CatalogueIssueCode, zh: string, en: string): void {
    this.issues.push({ path, code, message: { zh, en } });
  }

  text(text: LocalizedText, path: string, what: LocalizedText): void {
    if (isBlank(text.zh) || isBlank(text.en)) {
      this.add(
        path,
        'CATALOGUE.INVALID_VALUE',
        `${what.zh}须有中文和英文表述`,
        `${what.en} needs both zh and en text`,
      );
    }
  }

  code(code: string, path: string, pattern: RegExp): void {
    if (!pattern.test(code)) {
      this.add(
        path,
        'CATALOGUE.INVALID_CODE',
        `编码“${code}”不符合格式 ${pattern.source}`,
        `code "${code}" must match ${pattern.source}`,
      );
    }
  }

  positiveInteger(value: number, path: string, what: LocalizedText): boolean {
    if (isPositiveInteger(value)) return true;
    this.add(
      path,
      'CATALOGUE.INVALID_VALUE',
      `${what.zh}应为正整数`,
      `${what.en} must be a positive integer`,
    );
    return false;
  }

  duplicates(codes: readonly string[], pathOf: (index: number) => string, what: LocalizedText): void {
    const seen = new Set<string>();
    codes.forEach((code, index) => {
      if (seen.has(code)) {
        this.add(
          pathOf(index),
          'CATALOGUE.DUPLICATE_CODE',
          `${what.zh}编码“${code}”重复`,
          `duplicate ${what.en} code "${code}"`,
        );
      }
      seen.add(code);
    });
  }
}

function validateMaterial(m: MaterialSpec, path: string, out: IssueList): void {
  out.code(m.code, `${path}.code`, ENTITY_CODE_PATTERN);
  out.text(m.name, `${path}.name`, { zh: '材料名称', en: 'material name' });
  out.text(m.description, `${path}.description`, { zh: '材料说明', en: 'material description' });
  m.provableBy.forEach((proof, p) => {
    const proofPath = `${path}.provableBy[${p}]`;
    if (!includes(DATA_SHARING_SOURCE_CODES, proof.source)) {
      out.add(
        `${proofPath}.source`,
        'CATALOGUE.INVALID_VALUE',
        `未知的数据共享来源“${proof.source}”`,
        `unknown data-sharing source "${proof.source}"`,
      );
    } else if (!includes(PROVABLE_FACT_CODES, proof.fact)) {
      out.add(
        `${proofPath}.fact`,
        'CATALOGUE.INVALID_VALUE',
        `未知的核验事项“${proof.fact}”`,
        `unknown provable fact "${proof.fact}"`,
      );
    } else if (!SOURCE_FACTS[proof.source].includes(proof.fact)) {
      out.add(
        proofPath,
        'CATALOGUE.INVALID_VALUE',
        `数据共享来源“${proof.source}”不能核验“${proof.fact}”`,
        `source "${proof.source}" cannot prove "${proof.fact}"`,
      );
    }
  });
  const daysPath = `${path}.deferralWorkingDays`;
  if (m.deferrable && m.deferralWorkingDays === undefined) {
    out.add(
      daysPath,
      'CATALOGUE.DEFERRAL_DAYS_MISSING',
      '可容缺材料须明确补交期限（工作日）',
      'a deferrable material needs deferralWorkingDays',
    );
  } else if (m.deferralWorkingDays !== undefined) {
    if (!m.deferrable) {
      out.add(
        daysPath,
        'CATALOGUE.INVALID_VALUE',
        '不可容缺的材料不应设补交期限',
        'only a deferrable material may have deferralWorkingDays',
      );
    } else {
      out.positiveInteger(m.deferralWorkingDays, daysPath, { zh: '补交期限', en: 'deferralWorkingDays' });
    }
  }
  if (m.mediaTypes.length === 0) {
    out.add(
      `${path}.mediaTypes`,
      'CATALOGUE.INVALID_VALUE',
      '须列明可接受的文件格式',
      'at least one media type is needed',
    );
  }
  m.mediaTypes.forEach((type, t) => {
    if (!MEDIA_TYPE_PATTERN.test(type)) {
      out.add(
        `${path}.mediaTypes[${t}]`,
        'CATALOGUE.INVALID_VALUE',
        `文件格式“${type}”不合法`,
        `invalid media type "${type}"`,
      );
    }
  });
  out.positiveInteger(m.maxBytes, `${path}.maxBytes`, { zh: '文件大小上限', en: 'maxBytes' });
  if (m.requiredWhen !== undefined && !includes(MATERIAL_CONDITIONS, m.requiredWhen)) {
    out.add(
      `${path}.requiredWhen`,
      'CATALOGUE.INVALID_VALUE',
      `未知的提交条件“${m.requiredWhen}”`,
      `unknown requiredWhen "${m.requiredWhen}"`,
    );
  }
}

function validateField(f: FormFieldSpec, path: string, out: IssueList): void {
  out.code(f.code, `${path}.code`, FIELD_CODE_PATTERN);
  out.text(f.label, `${path}.label`, { zh: '表单项名称', en: 'field label' });
  if (!includes(FIELD_TYPES, f.type)) {
    out.add(
      `${path}.type`,
      'CATALOGUE.INVALID_VALUE',
      `未知的表单项类型“${f.type}”`,
      `unknown field type "${f.type}"`,
    );
    return;
  }
  if (f.type === 'enum') {
    const options = f.options ?? [];
    if (options.length === 0) {
      out.add(
        `${path}.options`,
        'CATALOGUE.INVALID_VALUE',
        '选项类表单项须列明选项',
        'an enum field needs options',
      );
    }
    options.forEach((option, o) => {
      if (isBlank(option.value)) {
        out.add(
          `${path}.options[${o}].value`,
          'CATALOGUE.INVALID_VALUE',
          '选项值不能为空',
          'option value must not be blank',
        );
      }
      out.text(option.label, `${path}.options[${o}].label`, { zh: '选项名称', en: 'option label' });
    });
    out.duplicates(
      options.map((o) => o.value),
      (o) => `${path}.options[${o}].value`,
      { zh: '选项', en: 'option' },
    );
  } else if (f.options !== undefined) {
    out.add(
      `${path}.options`,
      'CATALOGUE.INVALID_VALUE',
      '只有选项类表单项可设选项',
      'only an enum field may have options',
    );
  }
  if (f.maxLength !== undefined) {
    if (f.type !== 'string') {
      out.add(
        `${path}.maxLength`,
        'CATALOGUE.INVALID_VALUE',
        '只有文本类表单项可设长度上限',
        'only a string field may have maxLength',
      );
    } else {
      out.positiveInteger(f.maxLength, `${path}.maxLength`, { zh: '长度上限', en: 'maxLength' });
    }
  }
  if (f.pattern !== undefined) {
    if (f.type !== 'string') {
      out.add(
        `${path}.pattern`,
        'CATALOGUE.INVALID_VALUE',
        '只有文本类表单项可设格式',
        'only a string field may have a pattern',
      );
    } else {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        out.add(
          `${path}.pattern`,
          'CATALOGUE.INVALID_VALUE',
          `格式“${f.pattern}”不是合法的正则表达式`,
          `pattern "${f.pattern}" is not a valid regular expression`,
        );
      }
    }
  }
  for (const bound of ['min', 'max'] as const) {
    const value = f[bound];
    if (value === undefined) continue;
    if (f.type !== 'integer') {
      out.add(
        `${path}.${bound}`,
        'CATALOGUE.INVALID_VALUE',
        '只有整数类表单项可设取值范围',
        `only an integer field may have ${bound}`,
      );
    } else if (!Number.isSafeInteger(value)) {
      out.add(
        `${path}.${bound}`,
        'CATALOGUE.INVALID_VALUE',
        '取值范围应为整数',
        `${bound} must be an integer`,
      );
    }
  }
  if (f.min !== undefined && f.max !== undefined && f.min > f.max) {
    out.add(`${path}.min`, 'CATALOGUE.INVALID_VALUE', '取值下限大于上限', 'min is greater than max');
  }
}

function validateItem(item: ServiceItem, path: string, out: IssueList): void {
  out.code(item.code, `${path}.code`, ENTITY_CODE_PATTERN);
  out.text(item.name, `${path}.name`, { zh: '事项名称', en: 'item name' });
  if (!includes(AUTHORITY_CODES, item.authority)) {
    out.add(
      `${path}.authority`,
      'CATALOGUE.INVALID_VALUE',
      `未知的办理部门“${item.authority}”`,
      `unknown authority "${item.authority}"`,
    );
  }
  if (item.assetKind !== undefined && !includes(ASSET_KINDS, item.assetKind)) {
    out.add(
      `${path}.assetKind`,
      'CATALOGUE.INVALID_VALUE',
      `未知的权利类型“${item.assetKind}”`,
      `unknown asset kind "${item.assetKind}"`,
    );
  }
  // §(一): an item must state its 受理条件.
  if (item.acceptanceConditions.length === 0) {
    out.add(
      `${path}.acceptanceConditions`,
      'CATALOGUE.INVALID_VALUE',
      '须明确受理条件',
      'acceptance conditions are required',
    );
  }
  item.acceptanceConditions.forEach((c, i) =>
    out.text(c, `${path}.acceptanceConditions[${i}]`, { zh: '受理条件', en: 'acceptance condition' }),
  );
  const legalOk = out.positiveInteger(item.legalTimeLimitDays, `${path}.legalTimeLimitDays`, {
    zh: '法定办结时限',
    en: 'legalTimeLimitDays',
  });
  const promisedOk = out.positiveInteger(item.promisedTimeLimitDays, `${path}.promisedTimeLimitDays`, {
    zh: '承诺办结时限',
    en: 'promisedTimeLimitDays',
  });
  if (legalOk && promisedOk && item.promisedTimeLimitDays > item.legalTimeLimitDays) {
    out.add(
      `${path}.promisedTimeLimitDays`,
      'CATALOGUE.PROMISED_EXCEEDS_LEGAL',
      `承诺办结时限（${item.promisedTimeLimitDays}个工作日）超过法定时限（${item.legalTimeLimitDays}个工作日）`,
      `promised time limit (${item.promisedTimeLimitDays} working days) exceeds the legal one (${item.legalTimeLimitDays})`,
    );
  }
  const rate = item.postHocSamplingRate;
  if (!(Number.isFinite(rate) && rate >= 0 && rate <= 1)) {
    out.add(
      `${path}.postHocSamplingRate`,
      'CATALOGUE.SAMPLING_RATE_OUT_OF_RANGE',
      `事后核查抽查比例 ${rate} 应在 0 到 1 之间`,
      `post-hoc sampling rate ${rate} must lie within 0..1`,
    );
  }
  item.materials.forEach((m, i) => validateMaterial(m, `${path}.materials[${i}]`, out));
  out.duplicates(
    item.materials.map((m) => m.code),
    (i) => `${path}.materials[${i}].code`,
    { zh: '材料', en: 'material' },
  );
  item.formFields.forEach((f, i) => validateField(f, `${path}.formFields[${i}]`, out));
  out.duplicates(
    item.formFields.map((f) => f.code),
    (i) => `${path}.formFields[${i}].code`,
    { zh: '表单项', en: 'form field' },
  );
}

/** What makes two materials "the same document"; deferral, size cap and condition are item policy. */
function materialIdentity(m: MaterialSpec): string {
  const proofs = m.provableBy.map((p) => `${p.source}|${p.fact}`).sort();
  return canonicalJson({
    name: m.name,
    description: m.description,
    provableBy: proofs,
    mediaTypes: [...m.mediaTypes].sort(),
  });
}

/** What makes two fields "the same question"; only `required` may differ (the merged form asks if any item needs it). */
function fieldIdentity(f: FormFieldSpec): string {
  return canonicalJson({ ...f, required: undefined });
}

/** A material or field code shared by several items must mean the same thing everywhere. */
function validateSharedDefinitions(items: readonly ServiceItem[], out: IssueList): void {
  const materials = new Map<string, { identity: string; itemCode: string }>();
  const fields = new Map<string, { identity: string; itemCode: string }>();
  items.forEach((item, i) => {
    item.materials.forEach((m, j) => {
      const identity = materialIdentity(m);
      const first = materials.get(m.code);
      if (!first) materials.set(m.code, { identity, itemCode: item.code });
      else if (first.identity !== identity) {
        out.add(
          `items[${i}].materials[${j}]`,
          'CATALOGUE.CONFLICTING_MATERIAL',
          `材料“${m.code}”与事项 ${first.itemCode} 中的同编码材料定义不一致（名称、说明、格式或数据共享核验须相同）`,
          `material "${m.code}" differs from the one of item ${first.itemCode} (name, description, media types and provableBy must match)`,
        );
      }
    });
    item.formFields.forEach((f, j) => {
      const identity = fieldIdentity(f);
      const first = fields.get(f.code);
      if (!first) fields.set(f.code, { identity, itemCode: item.code });
      else if (first.identity !== identity) {
        out.add(
          `items[${i}].formFields[${j}]`,
          'CATALOGUE.CONFLICTING_FIELD',
          `表单项“${f.code}”与事项 ${first.itemCode} 中的同编码表单项定义不一致`,
          `form field "${f.code}" is defined differently in item ${first.itemCode}`,
        );
      }
    });
  });
}

/** Returns one dependency cycle as a list of item codes (first = last), or undefined. */
export function findDependencyCycle(bundle: Bundle): string[] | undefined {
  const codes = new Set(bundle.items.map((b) => b.itemCode));
  const edges = new Map<string, string[]>();
  for (const b of bundle.items)
    edges.set(
      b.itemCode,
      b.dependsOn.filter((d) => codes.has(d)),
    );
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (code: string): string[] | undefined => {
    const s = state.get(code);
    if (s === 'done') return undefined;
    if (s === 'visiting') return [...stack.slice(stack.indexOf(code)), code];
    state.set(code, 'visiting');
    stack.push(code);
    for (const next of edges.get(code) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(code, 'done');
    return undefined;
  };
  for (const b of bundle.items) {
    const cycle = visit(b.itemCode);
    if (cycle) return cycle;
  }
  return undefined;
}

function validateBundle(
  bundle: Bundle,
  path: string,
  itemsByCode: ReadonlyMap<string, ServiceItem>,
  out: IssueList,
): void {
  out.code(bundle.code, `${path}.code`, ENTITY_CODE_PATTERN);
  out.text(bundle.name, `${path}.name`, { zh: '一件事名称', en: 'bundle name' });
  out.text(bundle.description, `${path}.description`, { zh: '一件事说明', en: 'bundle description' });
  if (bundle.items.length === 0) {
    out.add(
      `${path}.items`,
      'CATALOGUE.INVALID_VALUE',
      '一件事至少包含一个事项',
      'a bundle needs at least one item',
    );
  }
  out.duplicates(
    bundle.items.map((b) => b.itemCode),
    (i) => `${path}.items[${i}].itemCode`,
    { zh: '一件事内事项', en: 'bundle item' },
  );
  const inBundle = new Set(bundle.items.map((b) => b.itemCode));
  bundle.items.forEach((entry, i) => {
    const entryPath = `${path}.items[${i}]`;
    const item = itemsByCode.get(entry.itemCode);
    if (!item) {
      out.add(
        `${entryPath}.itemCode`,
        'CATALOGUE.UNKNOWN_ITEM',
        `清单中没有事项“${entry.itemCode}”`,
        `unknown item "${entry.itemCode}"`,
      );
    }
    if (!includes(CARDINALITIES, entry.cardinality)) {
      out.add(
        `${entryPath}.cardinality`,
        'CATALOGUE.INVALID_VALUE',
        `未知的办理次数“${entry.cardinality}”`,
        `unknown cardinality "${entry.cardinality}"`,
      );
    } else if (item) {
      // An item acting on one asset is repeated per asset of its kind; any other item runs once.
      const expected = item.assetKind ? CARDINALITY_OF_ASSET_KIND[item.assetKind] : 'once';
      if (expected !== undefined && entry.cardinality !== expected) {
        out.add(
          `${entryPath}.cardinality`,
          'CATALOGUE.CARDINALITY_MISMATCH',
          `事项“${entry.itemCode}”的办理次数应为 ${expected}，而不是 ${entry.cardinality}`,
          `item "${entry.itemCode}" must have cardinality ${expected}, not ${entry.cardinality}`,
        );
      }
    }
    entry.dependsOn.forEach((dep, d) => {
      const depPath = `${entryPath}.dependsOn[${d}]`;
      if (dep === entry.itemCode) {
        out.add(
          depPath,
          'CATALOGUE.DEPENDENCY_CYCLE',
          `事项“${dep}”不能依赖自身`,
          `item "${dep}" depends on itself`,
        );
      } else if (!inBundle.has(dep)) {
        out.add(
          depPath,
          'CATALOGUE.UNKNOWN_DEPENDENCY',
          `前置事项“${dep}”不在本一件事中`,
          `prerequisite "${dep}" is not an item of this bundle`,
        );
      }
    });
    out.duplicates(entry.dependsOn, (d) => `${entryPath}.dependsOn[${d}]`, {
      zh: '前置事项',
      en: 'prerequisite',
    });
  });
  const cycle = findDependencyCycle(bundle);
  if (cycle) {
    out.add(
      `${path}.items`,
      'CATALOGUE.DEPENDENCY_CYCLE',
      `前置关系构成循环：${cycle.join(' → ')}`,
      `dependency cycle: ${cycle.join(' → ')}`,
    );
  }
}

/** Every defect of a catalogue, each with a stable code and a path; empty when the catalogue is valid. */
export function catalogueIssues(c: Catalogue): CatalogueIssue[] {
  const out = new IssueList();
  out.positiveInteger(c.version, 'version', { zh: '版本号', en: 'version' });
  if (!ISO_INSTANT_PATTERN.test(c.publishedAt) || Number.isNaN(Date.parse(c.publishedAt))) {
    out.add(
      'publishedAt',
      'CATALOGUE.INVALID_PUBLISHED_AT',
      `发布时间“${c.publishedAt}”不是 ISO-8601 时间`,
      `publishedAt "${c.publishedAt}" is not an ISO-8601 instant`,
    );
  }
  c.items.forEach((item, i) => validateItem(item, `items[${i}]`, out));
  out.duplicates(
    c.items.map((i) => i.code),
    (i) => `items[${i}].code`,
    { zh: '事项', en: 'item' },
  );
  validateSharedDefinitions(c.items, out);
  const itemsByCode = new Map<string, ServiceItem>();
  for (const item of c.items) if (!itemsByCode.has(item.code)) itemsByCode.set(item.code, item);
  c.bundles.forEach((b, i) => validateBundle(b, `bundles[${i}]`, itemsByCode, out));
  out.duplicates(
    c.bundles.map((b) => b.code),
    (i) => `bundles[${i}].code`,
    { zh: '一件事', en: 'bundle' },
  );
  return out.issues;
}

/**
 * Throws a `CatalogueError` with code `CATALOGUE.INVALID` listing every defect (each violation has
 * its own code, e.g. `CATALOGUE.DEPENDENCY_CYCLE`, and a path such as `bundles[0].items[2].dependsOn[0]`).
 */
export function validateCatalogue(c: Catalogue): void {
  const issues = catalogueIssues(c);
  if (issues.length > 0) throw invalidCatalogue(issues);
}
