import mongoose, { Connection, Model } from 'mongoose';
import { PlatformConfig } from '@app/config';
import { KafkaEventPublisher, OutboxRelay } from '@app/messaging';
import { stackSettings } from '@app/testing';
import type { ApplicationState } from '../domain/application';
import { APPLICATION_MODEL, ApplicationSchema, MongoApplicationStore } from './persistence';

/** The application store's conditional saves on the real store (its version memory on FerretDB). */
describe('MongoApplicationStore.save (real store)', () => {
  let connection: Connection;
  let store: MongoApplicationStore;
  let model: Model<never>;
  const config = Object.assign(new PlatformConfig(), { OUTBOX_RELAY_ENABLED: false });
  const relay = (): OutboxRelay => new OutboxRelay(config, new KafkaEventPublisher(config, 'spec'));
  const state = (version: number, extra: Record<string, unknown> = {}): ApplicationState =>
    ({
      _id: 'APP-1',
      uscc: '91110000000000000X',
      version,
      subCases: [],
      ...extra,
    }) as unknown as ApplicationState;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(stackSettings().MONGODB_URI, {
        dbName: `t_appstore_${process.pid}`,
        directConnection: true,
      })
      .asPromise();
    model = connection.model(APPLICATION_MODEL, ApplicationSchema) as unknown as Model<never>;
    store = new MongoApplicationStore(model as never, relay());
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('applies an event once, refuses a stale version, and a fresh process (nothing remembered) agrees', async () => {
    expect(await store.create(state(0), [])).toBe('CREATED');
    const s0 = await store.get('APP-1');
    expect(await store.save({ ...(s0 as ApplicationState), note: 'a' } as never, [], 'E1')).toBe('SAVED');
    // The same event again after a fresh read: known to be applied, nothing written.
    const s1 = await store.get('APP-1');
    expect(s1?.version).toBe(1);
    expect(await store.save({ ...(s1 as ApplicationState), note: 'b' } as never, [], 'E1')).toBe(
      'ALREADY_APPLIED',
    );
    // A writer that read version 0 has lost the race.
    expect(await store.save({ ...(s0 as ApplicationState), note: 'c' } as never, [])).toBe('CONFLICT');
    expect(await store.save({ ...(s1 as ApplicationState), note: 'd' } as never, [], 'E2')).toBe('SAVED');
    // A new store (a restarted process) remembers nothing and decides from the stored document.
    const other = new MongoApplicationStore(model as never, relay());
    expect(await other.save({ ...(s1 as ApplicationState), note: 'e' } as never, [])).toBe('CONFLICT');
    expect(await other.save({ ...(s1 as ApplicationState), version: 2, note: 'f' } as never, [], 'E2')).toBe(
      'ALREADY_APPLIED',
    );
    const stored = (await model.findById('APP-1').lean().exec()) as unknown as Record<string, unknown>;
    expect(stored).toMatchObject({ version: 2, note: 'd', appliedEvents: ['E1', 'E2'] });
  });
});
