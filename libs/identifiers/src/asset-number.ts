import { invalid, type IdentifierCheck } from './identifier-check';
import { validateLayoutDesignNumber } from './layout-design-number';
import { validatePatentNumber } from './patent-number';
import { validateTrademarkNumber } from './trademark-number';

/** The kinds of IP asset whose registration numbers the service accepts. */
export type AssetKind = 'patent' | 'trademark' | 'layout-design';

export const ASSET_KINDS: readonly AssetKind[] = ['patent', 'trademark', 'layout-design'];

const VALIDATORS: Record<AssetKind, (number: string) => IdentifierCheck> = {
  patent: validatePatentNumber,
  trademark: validateTrademarkNumber,
  'layout-design': validateLayoutDesignNumber,
};

/** Checks an asset number for its kind and gives its canonical form, or a code and zh/en reason. */
export function validateAssetNumber(kind: AssetKind, number: string): IdentifierCheck {
  // `kind` arrives from requests and events; guard against values the type system never saw.
  if (!Object.prototype.hasOwnProperty.call(VALIDATORS, kind)) {
    return invalid(
      'IDENTIFIER.UNKNOWN_ASSET_KIND',
      `未知的知识产权类型:${String(kind)}`,
      `Unknown IP asset kind: ${String(kind)}`,
    );
  }
  return VALIDATORS[kind](number);
}
