import { IsIn, IsOptional, IsString } from 'class-validator';

/** audit.archive.read v1 — every read by an auditor is itself recorded (accountability). */
export class ArchiveReadV1 {
  @IsIn(['TIMELINE', 'REPLAY', 'VERIFY', 'EXPORT', 'EVIDENCE'])
  what!: 'TIMELINE' | 'REPLAY' | 'VERIFY' | 'EXPORT' | 'EVIDENCE';

  @IsOptional()
  @IsString()
  at?: string;

  @IsString()
  requestId!: string;
}
