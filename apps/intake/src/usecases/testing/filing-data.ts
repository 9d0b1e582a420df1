import { makePatentNumber, makeResidentId, makeUscc } from '@app/identifiers';
import { FilingRequest } from '../file-application/file-application';

export const USCC_A = makeUscc('91110108MA01ABCDE');
export const USCC_B = makeUscc('91310115MA1K4XY80');
export const LEGAL_REP_ID = makeResidentId('110101', '19800101', '001');
export const PATENTS = [makePatentNumber(2020, 1, 123456), makePatentNumber(2021, 2, 4567)];
export const TRADEMARKS = ['12345678', '2345678'];

/** A valid enterprise-name-change filing: 2 patents + 2 trademarks → 5 sub-cases. */
export function nameChangeRequest(
  uscc: string,
  materials: FilingRequest['materials'],
  overrides: Partial<FilingRequest> = {},
): FilingRequest {
  return {
    uscc,
    enterpriseName: '北京星河科技有限公司',
    legalRepresentative: { name: '张伟', idNumber: LEGAL_REP_ID },
    contact: { name: '李娜', phone: '13800138000' },
    bundleCode: 'ENTERPRISE_NAME_CHANGE',
    assets: { patents: [...PATENTS], trademarks: [...TRADEMARKS] },
    formValues: {
      unifiedSocialCreditCode: uscc,
      oldName: '北京星河科技有限公司',
      newName: '北京星河智能科技有限公司',
      changeReason: 'BUSINESS_DEVELOPMENT',
      contactName: '李娜',
      contactPhone: '13800138000',
    },
    materials,
    ...overrides,
  };
}
