export * from './model';
export {
  CatalogueError,
  type ApplicationErrorCode,
  type CatalogueErrorCode,
  type CatalogueIssue,
  type CatalogueIssueCode,
} from './errors';
export {
  catalogueIssues,
  validateCatalogue,
  findDependencyCycle,
  ENTITY_CODE_PATTERN,
  FIELD_CODE_PATTERN,
} from './validate';
export { catalogueShapeIssues } from './shape';
export {
  expandBundle,
  findBundle,
  findItem,
  normaliseAssetNumber,
  subCaseKey,
  ASSET_LIST_KEY,
} from './expand';
export { oneTimeNotice, exemptionShare } from './notice';
export { submissionLabel } from './labels';
export { validateFormValues, isIsoDate, type FormFieldViolation, type FormViolationCode } from './form';
export { nextCatalogueVersion, parseCatalogue, type CatalogueChange } from './versioning';
export { loadSeedCatalogue } from './seed';
