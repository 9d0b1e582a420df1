import { getQueueToken } from '@nestjs/bull';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bull';
import { getConnectionToken } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { observedGauge, observeQueues } from '@app/observability';
import { DEADLINE_QUEUE } from './domain/schedule';
import { loadConfig } from '@app/config';
import { setupHttp } from '@app/http';
import { kafkaConsumerOptions } from '@app/messaging';
import { CommitmentConfig } from './config';
import { CommitmentModule, SERVICE } from './commitment.module';
import { COMMITMENT_GROUP } from './infra/events.consumer';

/** Notice-and-commitment (告知承诺 + 容缺办理): deferral, obligations, deadlines, desk, breach and credit, post-hoc checks. */
async function bootstrap(): Promise<void> {
  const config = loadConfig(CommitmentConfig);
  const app = await NestFactory.create(CommitmentModule.register(config), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  setupHttp(app, {
    service: 'commitment',
    title: 'Commitment service',
    description:
      '告知承诺与容缺办理：补交义务、期限提醒、工作人员工作台、违诺与信用、事后核查 / Notice-and-commitment: deferred materials, deadlines, caseworker desk, breach and credit, post-hoc checks',
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUri: config.JWKS_URI,
    },
  });
  // Queue depth metric, Redis readiness, and the optional bull-board dashboard.
  observeQueues(app, [app.get<Queue>(getQueueToken(DEADLINE_QUEUE))], { dashboard: config.QUEUE_DASHBOARD });
  observeOverdue(app.get<Connection>(getConnectionToken()));
  app.connectMicroservice(kafkaConsumerOptions(config, SERVICE, COMMITMENT_GROUP));
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}
/** `ipw_obligations_overdue{authority}`: open obligations past their deadline, read when scraped. */
function observeOverdue(connection: Connection): void {
  observedGauge(
    'ipw_obligations_overdue',
    'Open deferred-material obligations past their deadline, by authority',
    async () => {
      const open = await connection
        .collection<{ authority: string; deadlineAt?: string | Date }>('obligations')
        .find(
          { state: { $in: ['OPEN', 'SUPPLEMENT_PENDING'] } },
          { projection: { authority: 1, deadlineAt: 1 } },
        )
        .toArray();
      const now = Date.now();
      const byAuthority = new Map<string, number>();
      for (const o of open)
        if (o.deadlineAt && new Date(o.deadlineAt).getTime() < now)
          byAuthority.set(o.authority, (byAuthority.get(o.authority) ?? 0) + 1);
      return [...byAuthority].map(([authority, value]) => ({ labels: { authority }, value }));
    },
    ['authority'],
  );
}

void bootstrap();
