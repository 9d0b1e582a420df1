/** Import boundaries (run by `npm run boundaries` and by `npm test`). */
const DOMAIN_LIBS = 'libs/(calendar|identifiers|catalogue|case-lifecycle|verification-rules|commitment-rules|evaluation-rules|audit-chain)/';
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-other-app',
      comment: 'Apps share nothing but Kafka topics and the typed contracts in libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      comment: 'Libraries never depend on an application.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-domain-to-framework',
      comment: 'Domain rules are plain TypeScript: no Nest, Kafka, Mongo, bull or Express.',
      severity: 'error',
      from: { path: `^${DOMAIN_LIBS}`, pathNot: '\\.spec\\.ts$' },
      to: { path: '(^|/)node_modules/(@nestjs|kafkajs|mongoose|mongodb|bull|express|ioredis)(/|$)' },
    },
    {
      name: 'no-app-domain-to-framework',
      comment: 'A service\'s own domain/ folder stays framework-free as well.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: '(^|/)node_modules/(@nestjs|kafkajs|mongoose|mongodb|bull|express|ioredis)(/|$)' },
    },
    {
      name: 'no-lib-internals',
      comment: 'Libraries are imported through their one public index (the @app/<lib> alias).',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '^libs/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^|/)(dist|\\.stack)/' },
  },
};
