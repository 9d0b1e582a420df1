import { assessment } from '../testing/builders';
import { wire } from '../testing/fakes';

describe('PostHocChecks (事后核查)', () => {
  const findings = [{ zh: '经营场所与承诺不符', en: 'Premises differ from the commitment' }];

  it('FAILED acts as a breach (POST_HOC_FAILED, SERIOUS); another authority cannot conclude; a second conclusion is refused', async () => {
    const w = wire();
    await w.decide.execute(assessment({ samplingBasisPoints: 10000 }));
    const checkId = [...w.postHoc.docs.keys()][0] as string;
    await expect(
      w.checks.conclude({ kind: 'caseworker', id: 'x', authority: 'SAMR' }, checkId, {
        result: 'FAILED',
        findings,
      }),
    ).rejects.toMatchObject({ code: 'POSTHOC.NOT_FOUND' });
    await w.checks.conclude({ kind: 'caseworker', id: 'cw', authority: 'CNIPA' }, checkId, {
      result: 'FAILED',
      findings,
    });
    expect(w.published.of('commitment.posthoc.concluded')[0]?.payload).toMatchObject({ result: 'FAILED' });
    expect(w.published.of('commitment.breach.declared')[0]?.payload).toMatchObject({
      cause: 'POST_HOC_FAILED',
    });
    expect(w.published.of('commitment.credit.recorded')[0]?.payload).toMatchObject({ severity: 'SERIOUS' });
    await expect(
      w.checks.conclude({ kind: 'caseworker', id: 'cw', authority: 'CNIPA' }, checkId, {
        result: 'PASSED',
        findings,
      }),
    ).rejects.toMatchObject({ code: 'POSTHOC.ALREADY_CONCLUDED' });
  });

  it('PASSED records the conclusion and nothing else', async () => {
    const w = wire();
    await w.decide.execute(assessment({ samplingBasisPoints: 10000 }));
    const checkId = [...w.postHoc.docs.keys()][0] as string;
    await w.checks.conclude({ kind: 'caseworker', id: 'cw', authority: 'CNIPA' }, checkId, {
      result: 'PASSED',
      findings,
    });
    expect(w.published.of('commitment.breach.declared')).toHaveLength(0);
  });
});
