import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectConnection } from '@nestjs/mongoose';
import { Response } from 'express';
import { Connection } from 'mongoose';
import { Public } from '@app/auth';
import { runReadinessChecks } from '@app/observability';

/** Extra readiness checks a service adds (Kafka producer, Redis queue …). */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export type ReadinessCheck = { name: string; check: () => Promise<boolean> };

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Optional() @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[] = [],
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: '存活探针 Liveness' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: '就绪探针 Readiness: MongoDB, and Kafka / Redis where the service uses them' })
  async ready(@Res() res: Response): Promise<void> {
    const results: Record<string, boolean> = {};
    const db = this.connection.db;
    results.mongodb = db
      ? await db
          .admin()
          .ping()
          .then(
            () => true,
            () => false,
          )
      : false;
    for (const c of this.checks ?? []) results[c.name] = await c.check().catch(() => false);
    Object.assign(results, await runReadinessChecks());
    const ok = Object.values(results).every(Boolean);
    res
      .status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ok ? 'ok' : 'unavailable', checks: results });
  }
}
