export { AuditChainError } from './audit-chain-error';
export { canonicalJson } from './canonical-json';
export {
  appendToChain,
  chainHash,
  GENESIS_HASH,
  verifyChain,
  type ArchivedEvent,
  type ChainBreak,
  type ChainBreakKind,
  type ChainVerification,
  type VerifyChainOptions,
} from './chain';
export { parseJsonLines, toJsonLines } from './json-lines';
export { maskIdNumber, maskPersonalData } from './mask-personal-data';
