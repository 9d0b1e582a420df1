/**
 * Generates the Kubernetes manifests (deploy/k8s/ipw.yaml) from one list of services, so every
 * Deployment gets the same probes, resources, config and secrets. `npm run deploy:k8s` writes it;
 * a unit test checks it is current and schema-valid.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

const NAMESPACE = 'ipw';
const IMAGE = 'registry.example.gov.cn/ipw/services:1.0.0';
/** Consumers scale horizontally up to the partition count of their topics. */
export const PARTITIONS = 6;
const SERVICES: Array<{ app: string; consumer: boolean; cpu: string; memory: string }> = [
  { app: 'intake', consumer: true, cpu: '250m', memory: '384Mi' },
  { app: 'verification', consumer: true, cpu: '250m', memory: '384Mi' },
  { app: 'commitment', consumer: true, cpu: '250m', memory: '384Mi' },
  { app: 'evaluation', consumer: true, cpu: '200m', memory: '320Mi' },
  { app: 'audit', consumer: true, cpu: '250m', memory: '384Mi' },
];

type Manifest = Record<string, unknown>;

export function manifests(): Manifest[] {
  const labels = (app: string): Record<string, string> => ({
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/part-of': 'ipw',
  });
  const out: Manifest[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ipw-config', namespace: NAMESPACE },
      data: {
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: '3000',
        KAFKA_BROKERS: 'kafka-bootstrap.kafka.svc:9092',
        MONGODB_URI:
          'mongodb://mongo-0.mongo.data.svc:27017,mongo-1.mongo.data.svc:27017,mongo-2.mongo.data.svc:27017/?replicaSet=rs0',
        REDIS_URL: 'redis://redis.data.svc:6379',
        KAFKA_PARTITIONS: String(PARTITIONS),
        JWKS_URI: 'https://auth.example.gov.cn/.well-known/jwks.json',
        // Production endpoints of the linked registration systems and data-sharing sources.
        DISPATCH_ENDPOINTS:
          'MARKET_REGULATION=https://amr-linked.example.gov.cn,PATENT_OFFICE=https://cnipa-patent-linked.example.gov.cn,TRADEMARK_OFFICE=https://cnipa-tm-linked.example.gov.cn,LAYOUT_DESIGN_OFFICE=https://cnipa-ic-linked.example.gov.cn',
        REGISTRY_SANDBOX_URL: 'https://amr-linked.example.gov.cn',
        INTAKE_PUBLIC_URL: 'http://intake.ipw.svc',
        SOURCE_ENTERPRISE_URL: 'https://data-sharing.example.gov.cn/enterprise',
        SOURCE_E_LICENCE_URL: 'https://data-sharing.example.gov.cn/e-licence',
        SOURCE_IDENTITY_URL: 'https://data-sharing.example.gov.cn/identity',
        SOURCE_PATENT_URL: 'https://data-sharing.example.gov.cn/patent',
        SOURCE_TRADEMARK_URL: 'https://data-sharing.example.gov.cn/trademark',
        SOURCE_LAYOUT_DESIGN_URL: 'https://data-sharing.example.gov.cn/layout-design',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ipw-secrets', namespace: NAMESPACE },
      type: 'Opaque',
      // Placeholders: provide real values through your secret store (sealed-secrets, external-secrets …).
      stringData: {
        JWT_SECRET: 'replace-with-a-long-random-secret',
        PII_HMAC_KEY: 'replace-with-a-long-random-key',
        POSTHOC_SEED: 'replace-with-the-sampling-seed-of-record',
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'ipw-create-topics', namespace: NAMESPACE },
      spec: {
        backoffLimit: 10,
        template: {
          metadata: { labels: labels('create-topics') },
          spec: {
            restartPolicy: 'OnFailure',
            containers: [
              {
                name: 'topics',
                image: IMAGE,
                command: ['node', '-r', './dist/scripts/register-paths.js', 'dist/scripts/topics.js'],
                envFrom: [{ configMapRef: { name: 'ipw-config' } }, { secretRef: { name: 'ipw-secrets' } }],
              },
            ],
          },
        },
      },
    },
  ];
  for (const s of SERVICES) {
    out.push(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: s.app, namespace: NAMESPACE, labels: labels(s.app) },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels(s.app) },
          template: {
            metadata: {
              labels: labels(s.app),
              annotations: {
                'prometheus.io/scrape': 'true',
                'prometheus.io/path': '/metrics',
                'prometheus.io/port': '3000',
              },
            },
            spec: {
              terminationGracePeriodSeconds: 45,
              containers: [
                {
                  name: s.app,
                  image: IMAGE,
                  env: [{ name: 'APP', value: s.app }],
                  envFrom: [{ configMapRef: { name: 'ipw-config' } }, { secretRef: { name: 'ipw-secrets' } }],
                  ports: [{ name: 'http', containerPort: 3000 }],
                  readinessProbe: {
                    httpGet: { path: '/health/ready', port: 'http' },
                    periodSeconds: 10,
                    failureThreshold: 3,
                  },
                  livenessProbe: {
                    httpGet: { path: '/health/live', port: 'http' },
                    periodSeconds: 20,
                    failureThreshold: 3,
                  },
                  startupProbe: {
                    httpGet: { path: '/health/live', port: 'http' },
                    periodSeconds: 5,
                    failureThreshold: 24,
                  },
                  resources: {
                    requests: { cpu: s.cpu, memory: s.memory },
                    limits: { cpu: '1', memory: '768Mi' },
                  },
                  securityContext: {
                    runAsNonRoot: true,
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                  },
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: s.app, namespace: NAMESPACE, labels: labels(s.app) },
        spec: { selector: labels(s.app), ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: s.app, namespace: NAMESPACE },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s.app },
          minReplicas: 2,
          // More consumers than partitions would sit idle: one partition has one consumer per group.
          maxReplicas: s.consumer ? PARTITIONS : 4,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
            },
          ],
        },
      },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: s.app, namespace: NAMESPACE },
        spec: { minAvailable: 1, selector: { matchLabels: labels(s.app) } },
      },
    );
  }
  return out;
}

export function renderManifests(): string {
  return `# Generated by scripts/k8s.ts (npm run deploy:k8s) — do not edit by hand.\n${manifests()
    .map((m) => stringify(m, { lineWidth: 0 }))
    .join('---\n')}`;
}

if (require.main === module) {
  const target = join(__dirname, '..', 'deploy', 'k8s', 'ipw.yaml');
  writeFileSync(target, renderManifests());
  process.stdout.write(`wrote ${target}\n`);
}
