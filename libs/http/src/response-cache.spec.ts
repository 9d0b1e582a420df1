import express, { Express } from 'express';
import request from 'supertest';
import { ResponseCache } from './response-cache';

/** An app whose handlers count their calls: a cached answer is one the handler did not run for. */
function appWith(cache: ResponseCache): { app: Express; calls: () => number } {
  let calls = 0;
  const app = express();
  app.use(express.json());
  app.use(
    cache.middleware([
      { method: 'GET', path: /^\/things(\/[^/]+)?$/ },
      { method: 'POST', path: /^\/things\/query$/ },
    ]),
  );
  app.get('/things', (req, res) => {
    calls++;
    if (req.query.bad !== undefined) {
      res.status(400).json({ code: 'REQUEST.INVALID' });
      return;
    }
    res.json({ n: calls });
  });
  app.get('/things/big', (_req, res) => {
    calls++;
    res.json({ blob: 'x'.repeat(2000) });
  });
  app.get('/things/:id', (req, res) => {
    calls++;
    res.json({ id: req.params.id, n: calls });
  });
  app.post('/things/query', (req, res) => {
    calls++;
    res.json({ echo: req.body as unknown, n: calls });
  });
  app.get('/other', (_req, res) => {
    calls++;
    res.json({ n: calls });
  });
  return { app, calls: () => calls };
}

describe('ResponseCache', () => {
  it('answers a repeated GET from memory with the same bytes, type and ETag, and revalidates to 304', async () => {
    const cache = new ResponseCache({ ttlMs: 60000 });
    const { app, calls } = appWith(cache);
    const a = await request(app).get('/things');
    const b = await request(app).get('/things');
    expect(calls()).toBe(1);
    expect(b.headers['x-cache']).toBe('HIT');
    expect(b.text).toBe(a.text);
    expect(b.headers['content-type']).toBe(a.headers['content-type']);
    expect(b.headers.etag).toBe(a.headers.etag);
    const c = await request(app).get('/things').set('if-none-match', String(a.headers.etag));
    expect(c.status).toBe(304);
    expect(calls()).toBe(1);
    expect(cache.hits).toBe(2);
  });

  it('keys by the whole URL: another path or query is another answer', async () => {
    const { app, calls } = appWith(new ResponseCache({ ttlMs: 60000 }));
    await request(app).get('/things/a');
    await request(app).get('/things/b');
    await request(app).get('/things?x=1');
    expect((await request(app).get('/things/a')).body).toMatchObject({ id: 'a', n: 1 });
    expect(calls()).toBe(3);
  });

  it('never keeps or serves for a caller with credentials', async () => {
    const { app, calls } = appWith(new ResponseCache({ ttlMs: 60000 }));
    await request(app).get('/things').set('authorization', 'Bearer t');
    await request(app).get('/things').set('authorization', 'Bearer t');
    expect(calls()).toBe(2);
    await request(app).get('/things');
    const withCookie = await request(app).get('/things').set('cookie', 'a=b');
    expect(withCookie.headers['x-cache']).toBeUndefined();
    expect(calls()).toBe(4);
  });

  it('does not keep refusals, routes it was not given, or bodies over the limit', async () => {
    const { app, calls } = appWith(new ResponseCache({ ttlMs: 60000, maxBodyBytes: 1000 }));
    for (let i = 0; i < 2; i++) {
      expect((await request(app).get('/things?bad=1')).status).toBe(400);
      await request(app).get('/other');
      await request(app).get('/things/big');
    }
    expect(calls()).toBe(6);
  });

  it('keys a POST query by its JSON body, and passes any other content type through', async () => {
    const { app, calls } = appWith(new ResponseCache({ ttlMs: 60000 }));
    await request(app).post('/things/query').send({ a: 1 });
    const hit = await request(app).post('/things/query').send({ a: 1 });
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.body).toEqual({ echo: { a: 1 }, n: 1 });
    await request(app).post('/things/query').send({ a: 2 });
    await request(app).post('/things/query').set('content-type', 'text/plain').send('a');
    await request(app).post('/things/query').set('content-type', 'text/plain').send('a');
    expect(calls()).toBe(4);
  });

  it('forgets an answer after its time to live, and everything on clear()', async () => {
    const cache = new ResponseCache({ ttlMs: 30 });
    const { app, calls } = appWith(cache);
    await request(app).get('/things');
    await new Promise((r) => setTimeout(r, 50));
    await request(app).get('/things');
    expect(calls()).toBe(2);
    cache.clear();
    expect(cache.size).toBe(0);
    await request(app).get('/things');
    expect(calls()).toBe(3);
  });

  it('holds at most maxEntries answers, dropping the oldest', async () => {
    const cache = new ResponseCache({ ttlMs: 60000, maxEntries: 2 });
    const { app, calls } = appWith(cache);
    for (const id of ['a', 'b', 'c']) await request(app).get(`/things/${id}`);
    expect(cache.size).toBe(2);
    await request(app).get('/things/c');
    expect(calls()).toBe(3);
    await request(app).get('/things/a');
    expect(calls()).toBe(4);
  });
});
