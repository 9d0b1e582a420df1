export { IdentifierError } from './identifier-error';
export type { IdentifierCheck } from './identifier-check';
export { isValidUscc, makeUscc, normalizeUscc, usccCheckCharacter, validateUscc } from './uscc';
export {
  isValidResidentId,
  makeResidentId,
  normalizeResidentId,
  residentIdCheckDigit,
  validateResidentId,
} from './resident-id';
export { maskName, maskPhone, maskResidentId } from './masking';
export { piiDigest } from './pii-digest';
export {
  isValidPatentNumber,
  makePatentNumber,
  normalizePatentNumber,
  patentCheckDigit,
  patentTypeLabel,
  validatePatentNumber,
  type PatentType,
} from './patent-number';
export { isValidTrademarkNumber, validateTrademarkNumber } from './trademark-number';
export {
  isValidLayoutDesignNumber,
  makeLayoutDesignNumber,
  validateLayoutDesignNumber,
} from './layout-design-number';
export { ASSET_KINDS, validateAssetNumber, type AssetKind } from './asset-number';
