import { IsInt, IsString, Min } from 'class-validator';

/**
 * platform.probe.* v1 — the plumbing probe used by the messaging integration tests (outbox,
 * idempotent consumer, dead letters, delayed jobs). Not a business event.
 */
export class ProbeRecordedV1 {
  @IsString()
  probeId!: string;

  @IsString()
  behaviour!: 'ok' | 'fail-permanent' | 'fail-transient-once' | 'slow';

  @IsInt()
  @Min(0)
  delayMs!: number;
}
