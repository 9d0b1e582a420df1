import type { Connection, Model } from 'mongoose';
import sift from 'sift';

/**
 * Where a conditional single-document update is decided.
 *
 * - `server` (MongoDB): the filter goes to the server, which applies it atomically with the write.
 * - `process` (FerretDB 1.x): the server would evaluate any filter other than a bare `_id` by reading
 *   and decoding every document of the collection (explain: `SCAN`, `filterPushdown: false`; measured
 *   154 ms for `{_id, version}` over 200 application documents vs 49 ms for `{_id}`, and it grows with
 *   the collection), and it is not atomic there either. So the document is read by `_id`, the
 *   conditions are checked here with MongoDB's query semantics (sift), and the write names only `_id`.
 *   This is exactly as safe as the filtered update was on FerretDB: callers hold the process's
 *   aggregate write lock, and on FerretDB each service runs as one instance (ADR 0002).
 */
export type ConditionMode = 'server' | 'process';

const modes = new WeakMap<object, Promise<ConditionMode>>();

/** Detected once per connection: FerretDB reports `ferretdbVersion` in `buildInfo`. */
export function conditionModeOf(connection: Connection): Promise<ConditionMode> {
  let mode = modes.get(connection);
  if (!mode) {
    mode = (async (): Promise<ConditionMode> => {
      const db = connection.db;
      if (!db) return 'server';
      const info = (await db.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: unknown };
      return typeof info.ferretdbVersion === 'string' ? 'process' : 'server';
    })().catch((): ConditionMode => {
      modes.delete(connection); // ask again next time rather than remember a failure
      return 'server';
    });
    modes.set(connection, mode);
  }
  return mode;
}

export interface UpdateOutcome {
  matchedCount: number;
  modifiedCount: number;
}

type Filter = Record<string, unknown> & { _id: unknown };

/** Top-level fields a filter reads, or undefined when it needs the whole document ($and, $or …). */
function fieldsRead(conditions: Record<string, unknown>): Record<string, 1> | undefined {
  const keys = Object.keys(conditions);
  if (keys.some((k) => k.startsWith('$'))) return undefined;
  return Object.fromEntries(keys.map((k) => [k.split('.')[0] ?? k, 1 as const]));
}

/** True when `doc` satisfies `conditions` as the MongoDB server would decide it. */
export function satisfies(doc: Record<string, unknown>, conditions: Record<string, unknown>): boolean {
  return sift(conditions)(doc);
}

/** The driver calls a checked update needs: a mongoose `Collection` or a native one. */
export interface CheckedCollection {
  findOne(filter: never, options?: { projection?: Record<string, 1> }): Promise<unknown>;
  updateOne(filter: never, update: never): Promise<{ matchedCount: number; modifiedCount: number }>;
}

/**
 * A conditional update of one document named by `_id`, on a collection of `connection`. The caller
 * holds the aggregate write lock (see `aggregateWriteLock`).
 */
export async function updateDocChecked(
  connection: Connection,
  collection: CheckedCollection,
  filter: Filter,
  update: Record<string, unknown>,
  write: (filter: Record<string, unknown>) => Promise<UpdateOutcome> = async (f) => {
    const res = await collection.updateOne(f as never, update as never);
    return { matchedCount: res.matchedCount, modifiedCount: res.modifiedCount };
  },
): Promise<UpdateOutcome> {
  const { _id, ...conditions } = filter;
  if (Object.keys(conditions).length === 0 || (await conditionModeOf(connection)) === 'server')
    return write(filter);
  if (!(await currentSatisfies(collection, _id, conditions))) return { matchedCount: 0, modifiedCount: 0 };
  return write({ _id });
}

async function currentSatisfies(
  collection: CheckedCollection,
  _id: unknown,
  conditions: Record<string, unknown>,
): Promise<boolean> {
  const projection = fieldsRead(conditions);
  const current = await collection.findOne(
    { _id } as never,
    projection ? { projection: { ...projection, _id: 1 } } : {},
  );
  return !!current && satisfies(current as Record<string, unknown>, conditions);
}

/**
 * `updateDocChecked` for a mongoose model: the write goes through mongoose (casting to the schema)
 * unless `native` is set, for callers that write raw documents.
 */
export async function updateOneChecked<T>(
  model: Model<T>,
  filter: Filter,
  update: Record<string, unknown>,
  options: { native?: boolean } = {},
): Promise<UpdateOutcome> {
  return updateDocChecked(
    model.db,
    model.collection as unknown as CheckedCollection,
    filter,
    update,
    async (f) => {
      const res = options.native
        ? await model.collection.updateOne(f as never, update as never)
        : await model.updateOne(f as never, update as never).exec();
      return { matchedCount: res.matchedCount, modifiedCount: res.modifiedCount };
    },
  );
}

/** Whether the document named by `_id` exists and satisfies the rest of `filter` (an `_id` read on FerretDB). */
export async function existsChecked<T>(model: Model<T>, filter: Filter): Promise<boolean> {
  const { _id, ...conditions } = filter;
  if ((await conditionModeOf(model.db)) === 'server')
    return (await model.collection.countDocuments(filter as never, { limit: 1 })) > 0;
  return currentSatisfies(model.collection as unknown as CheckedCollection, _id, conditions);
}
