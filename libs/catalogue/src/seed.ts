// Imported rather than read with fs: the JSON then travels with the compiled library (tsc copies it
// to dist), and ts-node, jest and the built apps all find it without path arithmetic.
import seedCatalogue from '../../../data/catalogue/catalogue.json';
import type { Catalogue } from './model';
import { parseCatalogue } from './versioning';

/**
 * The seed catalogue (version 1) from `data/catalogue/catalogue.json`, checked against every rule of
 * `validateCatalogue` and deep-frozen. Throws `CATALOGUE.INVALID` if the file was edited into an
 * invalid state.
 */
export function loadSeedCatalogue(): Catalogue {
  return parseCatalogue(seedCatalogue);
}
