import mongoose, { Connection, Model, Schema } from 'mongoose';
import { stackSettings } from '@app/testing';
import { conditionModeOf, existsChecked, updateOneChecked } from './checked-update';

/** Conditional single-document updates on the real store of this machine (FerretDB or MongoDB). */
describe('updateOneChecked (real store)', () => {
  let connection: Connection;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let model: Model<any>;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(stackSettings().MONGODB_URI, {
        dbName: `t_checked_${process.pid}`,
        directConnection: true,
      })
      .asPromise();
    model = connection.model('CheckedDoc', new Schema({ _id: String }, { strict: false, versionKey: false }));
  });
  afterAll(async () => {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  });

  it('detects where conditions are decided (FerretDB reports ferretdbVersion)', async () => {
    const info = (await connection.db?.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
    expect(await conditionModeOf(connection)).toBe(info.ferretdbVersion ? 'process' : 'server');
  });

  it('writes only when the conditions hold, and reports matched/modified like the server', async () => {
    await model.create({ _id: 'd1', version: 1, appliedEvents: ['e1'], state: 'OPEN' });
    expect(await updateOneChecked(model, { _id: 'd1', version: 2 }, { $set: { state: 'X' } })).toEqual({
      matchedCount: 0,
      modifiedCount: 0,
    });
    expect(
      await updateOneChecked(model, { _id: 'd1', appliedEvents: { $ne: 'e1' } }, { $set: { state: 'X' } }),
    ).toEqual({ matchedCount: 0, modifiedCount: 0 });
    expect(
      await updateOneChecked(
        model,
        { _id: 'd1', version: 1, appliedEvents: { $ne: 'e2' } },
        { $set: { state: 'DONE' }, $inc: { version: 1 }, $push: { appliedEvents: 'e2' } },
        { native: true },
      ),
    ).toEqual({ matchedCount: 1, modifiedCount: 1 });
    expect(await model.findById('d1').lean().exec()).toMatchObject({
      version: 2,
      state: 'DONE',
      appliedEvents: ['e1', 'e2'],
    });
    expect(await updateOneChecked(model, { _id: 'missing', version: 1 }, { $set: { a: 1 } })).toEqual({
      matchedCount: 0,
      modifiedCount: 0,
    });
    expect(await existsChecked(model, { _id: 'd1', appliedEvents: 'e2' })).toBe(true);
    expect(await existsChecked(model, { _id: 'd1', appliedEvents: 'e3' })).toBe(false);
    expect(await existsChecked(model, { _id: 'missing' })).toBe(false);
  });
});
