import { FaultBoard } from './faults';
import { canonicalJson, Registry, signEvidence } from './registry';
import { FIXTURE_LAYOUT, generateRegistry, PORTFOLIO } from './seed';
import { isValidPatentNumber, isValidResidentId, isValidUscc } from '@app/identifiers';

describe('seeded registry', () => {
  it('is reproducible from the seed and differs for another seed', () => {
    expect(generateRegistry('s1', 50)).toEqual(generateRegistry('s1', 50));
    expect(generateRegistry('s2', 50).enterprises[0]?.uscc).not.toBe(
      generateRegistry('s1', 50).enterprises[0]?.uscc,
    );
  });
  it('uses valid identifiers and honours the fixture layout', () => {
    const data = generateRegistry('s1', 300);
    expect(data.enterprises).toHaveLength(300);
    expect(
      data.enterprises.every((e) => isValidUscc(e.uscc) && isValidResidentId(e.legalRepresentative.idNumber)),
    ).toBe(true);
    expect(data.assets.filter((a) => a.kind === 'patent').every((a) => isValidPatentNumber(a.number))).toBe(
      true,
    );
    expect(data.enterprises[FIXTURE_LAYOUT.revoked]?.status).toBe('REVOKED');
    expect(data.enterprises[FIXTURE_LAYOUT.deregistered]?.status).toBe('DEREGISTERED');
    const renamed = data.enterprises[FIXTURE_LAYOUT.renamed];
    expect(renamed?.nameHistory.length).toBe(1);
    expect(data.assets.filter((a) => a.holder === renamed?.nameHistory[0]?.name)).toHaveLength(2);
  });
  it('has one portfolio holder in business with 10 patents and 9 trademarks, numbered after all others', () => {
    const data = generateRegistry('s1', 300);
    const holder = data.enterprises[data.portfolio ?? -1];
    expect(holder?.status).toBe('IN_BUSINESS');
    const held = data.assets.filter((a) => a.holder === holder?.name);
    expect(held.filter((a) => a.kind === 'patent')).toHaveLength(PORTFOLIO.patents);
    expect(held.filter((a) => a.kind === 'trademark')).toHaveLength(PORTFOLIO.trademarks);
    expect(held.every((a) => a.kind !== 'patent' || isValidPatentNumber(a.number))).toBe(true);
    expect(new Set(data.assets.map((a) => a.number)).size).toBe(data.assets.length);
  });
});

describe('linked processes change the registers', () => {
  const now = new Date('2025-03-03T00:00:00Z');
  const base = { dispatchKey: 'k', caseId: 'c', applicationId: 'a', authority: 'X', callbackUrl: 'http://x' };
  it('a name change renames the enterprise and keeps the old name in its history; the IP change then moves the holder', () => {
    const r = Registry.seeded('s1', 20);
    const e = r.data.enterprises[0];
    if (!e) throw new Error('no enterprise');
    const old = e.name;
    expect(
      r.carryOut(
        { ...base, itemCode: 'MR_ENTERPRISE_NAME_CHANGE', uscc: e.uscc, formValues: { newName: '新名公司' } },
        now,
      ).outcome,
    ).toBe('COMPLETED');
    expect(r.enterprise(e.uscc)?.name).toBe('新名公司');
    expect(r.enterprise(e.uscc)?.nameHistory[0]).toEqual({ name: old, until: '2025-03-03' });
    const patent = r.data.assets.find((a) => a.kind === 'patent' && a.holder === old);
    if (!patent) throw new Error('no patent');
    expect(
      r.carryOut(
        {
          ...base,
          itemCode: 'PO_APPLICANT_NAME_CHANGE',
          uscc: e.uscc,
          asset: { kind: 'patent', number: patent.number },
          formValues: { newName: '新名公司' },
        },
        now,
      ).outcome,
    ).toBe('COMPLETED');
    expect(r.asset('patent', patent.number)?.holder).toBe('新名公司');
  });
  it('DENIED: forced, flagged, not in business, or an asset of another enterprise — and nothing changes', () => {
    const r = Registry.seeded('s1', 20);
    const e = r.data.enterprises[0];
    const other = r.data.enterprises[1];
    if (!e || !other) throw new Error('fixtures');
    const name = e.name;
    expect(
      r.carryOut(
        {
          ...base,
          itemCode: 'MR_ENTERPRISE_NAME_CHANGE',
          uscc: e.uscc,
          formValues: { newName: 'n', sandboxOutcome: 'DENY' },
        },
        now,
      ).outcome,
    ).toBe('DENIED');
    expect(r.enterprise(e.uscc)?.name).toBe(name);
    const flagged = r.data.enterprises[FIXTURE_LAYOUT.flagged];
    expect(
      r.carryOut(
        {
          ...base,
          itemCode: 'MR_ENTERPRISE_NAME_CHANGE',
          uscc: flagged?.uscc ?? '',
          formValues: { newName: 'n' },
        },
        now,
      ).reason,
    ).toBe('ENTERPRISE_FLAGGED');
    const revoked = r.data.enterprises[FIXTURE_LAYOUT.revoked];
    expect(
      r.carryOut(
        {
          ...base,
          itemCode: 'MR_ENTERPRISE_NAME_CHANGE',
          uscc: revoked?.uscc ?? '',
          formValues: { newName: 'n' },
        },
        now,
      ).reason,
    ).toBe('ENTERPRISE_NOT_IN_BUSINESS');
    const theirs = r.data.assets.find((a) => a.holder === other.name);
    expect(
      r.carryOut(
        {
          ...base,
          itemCode: 'PO_APPLICANT_NAME_CHANGE',
          uscc: e.uscc,
          asset: { kind: theirs?.kind ?? 'patent', number: theirs?.number ?? '' },
          formValues: { newName: 'n' },
        },
        now,
      ).reason,
    ).toBe('ASSET_NOT_HELD_BY_ENTERPRISE');
  });
});

describe('evidence and faults', () => {
  it('the evidence hash is over canonical JSON (key order does not matter) and the signature depends on the key', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe('{"a":[2,{"c":2,"d":1}],"b":1}');
    const now = new Date(0);
    const a = signEvidence('e-licence', { uscc: 'x' }, { b: 1, a: 2 }, 'k1-0123456789abcdef', now);
    const b = signEvidence('e-licence', { uscc: 'x' }, { a: 2, b: 1 }, 'k1-0123456789abcdef', now);
    const c = signEvidence('e-licence', { uscc: 'x' }, { a: 2, b: 1 }, 'k2-0123456789abcdef', now);
    expect(a.sha256).toBe(b.sha256);
    expect(a.signature).toBe(b.signature);
    expect(c.signature).not.toBe(a.signature);
  });
  it('fault decisions: outage → 503, timeout → hang, error rate by the random draw, latency passes through', () => {
    const f = FaultBoard.fromConfig('{"identity":{"outage":true},"e-licence":{"timeout":true}}');
    expect(f.decide('identity')).toEqual({ kind: 'ERROR', status: 503, delayMs: 0 });
    expect(f.decide('e-licence')).toEqual({ kind: 'HANG' });
    f.set('patent-register', { errorRate: 0.5, latencyMs: 10 });
    expect(f.decide('patent-register', () => 0.49)).toEqual({ kind: 'ERROR', status: 500, delayMs: 10 });
    expect(f.decide('patent-register', () => 0.5)).toEqual({ kind: 'PASS', delayMs: 10 });
    f.clear();
    expect(f.decide('identity')).toEqual({ kind: 'PASS', delayMs: 0 });
    expect(() => FaultBoard.fromConfig('{"nope":{}}')).toThrow('unknown source');
  });
});
