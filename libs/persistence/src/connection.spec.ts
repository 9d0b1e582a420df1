import { isSingleStandaloneHost } from './index';

describe('direct connection only for one standalone host', () => {
  it.each([
    ['mongodb://127.0.0.1:27117/', true],
    ['mongodb://user:pw@db.local:27017/ipw', true],
    ['mongodb://mongo:27017/?replicaSet=rs0', false],
    ['mongodb://a:27017,b:27017,c:27017/?replicaSet=rs0', false],
    ['mongodb://a:27017,b:27017/', false],
    ['mongodb+srv://cluster.example.gov.cn/ipw', false],
  ])('%s → %s', (uri, direct) => {
    expect(isSingleStandaloneHost(uri)).toBe(direct);
  });
});
