import { IsInt, Min } from 'class-validator';
import { PlatformConfig } from '@app/config';

/** The audit service's settings: the platform's plus its own port default. */
export class AuditConfig extends PlatformConfig {
  override PORT = 3005;

  /** How often one append re-reads the chain head after losing a race for the next sequence. */
  @IsInt()
  @Min(1)
  AUDIT_APPEND_MAX_ATTEMPTS = 20;
}

export const AUDIT_SERVICE = 'audit';
/** Consumer group id (prefixed by the topic prefix in `kafkaConsumerOptions`). */
export const AUDIT_GROUP = 'audit';
