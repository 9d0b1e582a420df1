import { createHash } from 'node:crypto';
import { makeLayoutDesignNumber, makePatentNumber, makeResidentId, makeUscc } from '@app/identifiers';

/**
 * The sandbox's outside world, generated reproducibly from a seed: same seed, same registry, so
 * tests, the demo and the exemption-rate figure all see the same enterprises. ALL DATA IS SYNTHETIC
 * (valid check characters, invented people and companies).
 */

export type EnterpriseStatus = 'IN_BUSINESS' | 'REVOKED' | 'DEREGISTERED';
export const STATUS_LABEL: Record<EnterpriseStatus, { zh: string; en: string }> = {
  IN_BUSINESS: { zh: '在业', en: 'in business' },
  REVOKED: { zh: '吊销', en: 'revoked' },
  DEREGISTERED: { zh: '注销', en: 'deregistered' },
};

export interface Enterprise {
  uscc: string;
  name: string;
  status: EnterpriseStatus;
  establishedOn: string;
  address: string;
  nameHistory: { name: string; until: string }[];
  addressHistory: { address: string; until: string }[];
  legalRepresentative: { name: string; idNumber: string };
  /** Linked processes for a flagged enterprise are DENIED (lets tests drive the DENIED path). */
  flagged: boolean;
}

export type AssetKind = 'patent' | 'trademark' | 'layout-design';
export interface Asset {
  kind: AssetKind;
  number: string;
  title: string;
  holder: string;
  holderAddress: string;
  holderHistory: { holder: string; until: string }[];
}

export interface RegistryData {
  enterprises: Enterprise[];
  assets: Asset[];
  /** Index of the portfolio holder (see `addPortfolio`), when the registry has one. */
  portfolio?: number;
}

/** Extra assets of the portfolio holder: with the name change, one bundle of 20 sub-cases. */
export const PORTFOLIO = { patents: 10, trademarks: 9 } as const;

/** mulberry32 seeded from a SHA-256 of the seed text: small, fast, reproducible. */
export function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32BE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
];
const CITIES: Array<{ name: string; region: string }> = [
  { name: '北京', region: '110108' },
  { name: '上海', region: '310115' },
  { name: '深圳', region: '440305' },
  { name: '杭州', region: '330106' },
  { name: '成都', region: '510107' },
  { name: '武汉', region: '420111' },
];
const WORDS = [
  '华创',
  '远景',
  '星辰',
  '博睿',
  '瑞达',
  '恒信',
  '智源',
  '云帆',
  '新航',
  '东方',
  '金桥',
  '天工',
  '明德',
  '中科',
  '海纳',
  '启航',
];
const TRADES = ['科技', '信息技术', '生物医药', '新材料', '电子', '智能装备', '软件', '半导体'];
const STREETS = ['中关村大街', '张江路', '科技园南路', '文三路', '天府大道', '光谷大道'];
const DEVICES = [
  '一种数据处理方法',
  '一种传感装置',
  '一种电池管理系统',
  '一种图像识别方法',
  '一种散热结构',
  '一种通信模组',
];

function pick<T>(rnd: () => number, list: readonly T[]): T {
  const v = list[Math.floor(rnd() * list.length)];
  if (v === undefined) throw new Error('empty list');
  return v;
}

function int(rnd: () => number, min: number, max: number): number {
  return min + Math.floor(rnd() * (max - min + 1));
}

const USCC_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Fixed, documented fixtures (see FIXTURES below) occupy the first enterprise indexes. */
export const FIXTURE_LAYOUT = {
  /** Indexes 0–9: in business, 3 patents, 3 trademarks and 1 layout design each, held under the current name. */
  inBusiness: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  /** Index 10: licence revoked (吊销), holds 1 patent. */
  revoked: 10,
  /** Index 11: deregistered (注销). */
  deregistered: 11,
  /** Index 12: in business with a name-change history; its patents are still held under the former name. */
  renamed: 12,
  /** Index 13: in business but flagged: every linked registration process for it is DENIED. */
  flagged: 13,
} as const;

export function generateRegistry(seed: string, count = 300): RegistryData {
  const rnd = seededRandom(seed);
  const enterprises: Enterprise[] = [];
  const assets: Asset[] = [];
  const usedNames = new Set<string>();
  let patentSerial = 100000;
  let trademarkSerial = 30000000;
  let layoutSerial = 1000;
  const total = Math.max(count, 14);
  for (let i = 0; i < total; i++) {
    const city = pick(rnd, CITIES);
    let name = '';
    do {
      name = `${city.name}${pick(rnd, WORDS)}${pick(rnd, WORDS)}${pick(rnd, TRADES)}有限公司`;
    } while (usedNames.has(name));
    usedNames.add(name);
    let body = '91' + city.region;
    for (let k = 0; k < 9; k++) body += USCC_BODY[int(rnd, 0, USCC_BODY.length - 1)];
    const uscc = makeUscc(body);
    const birth = `${int(rnd, 1960, 1995)}${String(int(rnd, 1, 12)).padStart(2, '0')}${String(int(rnd, 1, 28)).padStart(2, '0')}`;
    const idNumber = makeResidentId(city.region, birth, String(int(rnd, 1, 999)).padStart(3, '0'));
    const fixedStatus: EnterpriseStatus | undefined =
      i === FIXTURE_LAYOUT.revoked
        ? 'REVOKED'
        : i === FIXTURE_LAYOUT.deregistered
          ? 'DEREGISTERED'
          : i < 14
            ? 'IN_BUSINESS'
            : undefined;
    const r = rnd();
    const status: EnterpriseStatus =
      fixedStatus ?? (r < 0.85 ? 'IN_BUSINESS' : r < 0.93 ? 'REVOKED' : 'DEREGISTERED');
    const address = `${city.name}市${pick(rnd, STREETS)}${int(rnd, 1, 999)}号`;
    const enterprise: Enterprise = {
      uscc,
      name,
      status,
      establishedOn: `${int(rnd, 2000, 2020)}-${String(int(rnd, 1, 12)).padStart(2, '0')}-${String(int(rnd, 1, 28)).padStart(2, '0')}`,
      address,
      nameHistory: [],
      addressHistory: [],
      legalRepresentative: {
        name: `${pick(rnd, SURNAMES)}${pick(rnd, GIVEN)}${rnd() < 0.5 ? pick(rnd, GIVEN) : ''}`,
        idNumber,
      },
      flagged: i === FIXTURE_LAYOUT.flagged,
    };
    const renamed = i === FIXTURE_LAYOUT.renamed || (i >= 14 && rnd() < 0.15);
    const formerName = renamed
      ? `${city.name}${pick(rnd, WORDS)}${pick(rnd, TRADES)}（旧）有限公司`
      : undefined;
    if (formerName) enterprise.nameHistory.push({ name: formerName, until: `${int(rnd, 2015, 2023)}-06-30` });
    if (rnd() < 0.2)
      enterprise.addressHistory.push({
        address: `${city.name}市${pick(rnd, STREETS)}${int(rnd, 1, 999)}号（原址）`,
        until: '2018-12-31',
      });
    enterprises.push(enterprise);

    const fixture = i < 14;
    const patents =
      i <= 9
        ? 3
        : i === FIXTURE_LAYOUT.revoked || i === FIXTURE_LAYOUT.renamed || i === FIXTURE_LAYOUT.flagged
          ? 2
          : fixture
            ? 0
            : int(rnd, 0, 4);
    const trademarks = i <= 9 ? 3 : i === FIXTURE_LAYOUT.flagged ? 1 : fixture ? 0 : int(rnd, 0, 3);
    const layouts = i <= 9 ? 1 : fixture ? 0 : rnd() < 0.2 ? 1 : 0;
    // The renamed fixture's patents still carry the former name: the IP register lags the name change.
    const holder = i === FIXTURE_LAYOUT.renamed && formerName ? formerName : name;
    for (let k = 0; k < patents; k++) {
      const type = pick(rnd, [1, 2, 3] as const);
      assets.push({
        kind: 'patent',
        number: makePatentNumber(int(rnd, 2015, 2024), type, patentSerial++),
        title: pick(rnd, DEVICES),
        holder,
        holderAddress: address,
        holderHistory: [],
      });
    }
    for (let k = 0; k < trademarks; k++) {
      assets.push({
        kind: 'trademark',
        number: String(trademarkSerial++),
        title: `${pick(rnd, WORDS)}${k + 1}`,
        holder,
        holderAddress: address,
        holderHistory: [],
      });
    }
    for (let k = 0; k < layouts; k++) {
      assets.push({
        kind: 'layout-design',
        number: makeLayoutDesignNumber(int(rnd, 15, 24), layoutSerial++),
        title: `${pick(rnd, WORDS)}芯片布图`,
        holder,
        holderAddress: address,
        holderHistory: [],
      });
    }
  }
  const portfolio = addPortfolio(seed, enterprises, assets, patentSerial, trademarkSerial);
  return { enterprises, assets, ...(portfolio === undefined ? {} : { portfolio }) };
}

/**
 * The first plain generated enterprise in business (no history, no assets) becomes a portfolio
 * holder of PORTFOLIO assets — the benchmark's 20-sub-case shape. It draws from its own random
 * stream and numbers after every other asset, so the rest of the registry is unchanged.
 */
function addPortfolio(
  seed: string,
  enterprises: Enterprise[],
  assets: Asset[],
  patentSerial: number,
  trademarkSerial: number,
): number | undefined {
  const held = new Set(assets.map((a) => a.holder));
  const index = enterprises.findIndex(
    (e, i) =>
      i >= 14 &&
      e.status === 'IN_BUSINESS' &&
      !e.nameHistory.length &&
      !e.addressHistory.length &&
      !held.has(e.name),
  );
  const holder = enterprises[index];
  if (!holder) return undefined;
  const rnd = seededRandom(`${seed}:portfolio`);
  const common = { holder: holder.name, holderAddress: holder.address, holderHistory: [] };
  for (let k = 0; k < PORTFOLIO.patents; k++)
    assets.push({
      kind: 'patent',
      number: makePatentNumber(int(rnd, 2015, 2024), pick(rnd, [1, 2, 3] as const), patentSerial++),
      title: pick(rnd, DEVICES),
      ...common,
    });
  for (let k = 0; k < PORTFOLIO.trademarks; k++)
    assets.push({
      kind: 'trademark',
      number: String(trademarkSerial++),
      title: `${pick(rnd, WORDS)}${k + 1}`,
      ...common,
    });
  return index;
}
