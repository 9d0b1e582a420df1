import {
  DATA_SHARING_SOURCES,
  type DataSharingProof,
  type LocalizedText,
  type SubmissionMode,
} from './model';

/** The words the one-time notice uses for each submission mode (policy §(八) terms). */
export function submissionLabel(
  mode: SubmissionMode,
  material: { readonly provableBy: readonly DataSharingProof[]; readonly deferralWorkingDays?: number },
): LocalizedText {
  switch (mode) {
    case 'EXEMPT_DATA_SHARING': {
      const sources = [...new Set(material.provableBy.map((p) => p.source))];
      return {
        zh: `通过数据共享核验，免于提交（${sources.map((s) => DATA_SHARING_SOURCES[s].zh).join('、')}）`,
        en: `Verified through government data sharing, no submission needed (${sources
          .map((s) => DATA_SHARING_SOURCES[s].en)
          .join(', ')})`,
      };
    }
    case 'DEFERRABLE_UNDER_COMMITMENT':
      return {
        zh: `可容缺办理：签署告知承诺书后${material.deferralWorkingDays ?? ''}个工作日内补交`,
        en: `May be deferred: sign the notice-and-commitment and supply it within ${
          material.deferralWorkingDays ?? ''
        } working days`,
      };
    case 'MUST_SUBMIT':
      return { zh: '必须提交', en: 'Must be submitted' };
  }
}
