import { IsBoolean, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { PlatformConfig } from '@app/config';

/** Registry-sandbox settings. It uses no engine; the platform fields are inherited for JWT and PII keys. */
export class SandboxConfig extends PlatformConfig {
  override PORT = 3006;

  /** Same seed → same registry. */
  @IsString()
  @MinLength(1)
  SANDBOX_SEED = 'ipw-sandbox-1';

  @IsInt()
  @Min(14)
  @Max(20000)
  SANDBOX_ENTERPRISES = 300;

  /** Delay before a dispatched linked registration process is carried out. */
  @IsInt()
  @Min(0)
  SANDBOX_PROCESS_DELAY_MS = 1000;

  @IsInt()
  @Min(1)
  SANDBOX_CALLBACK_ATTEMPTS = 5;

  @IsInt()
  @Min(0)
  SANDBOX_CALLBACK_BACKOFF_MS = 500;

  /** Local convenience: the fault admin endpoints without an admin token. Never in production. */
  @IsBoolean()
  SANDBOX_ADMIN_OPEN = false;

  /** Faults at start, JSON: {"identity":{"outage":true}}. */
  @IsString()
  SANDBOX_FAULTS = '';

  @IsString()
  @MinLength(16)
  SANDBOX_SIGNING_KEY = 'local-sandbox-evidence-signing-key';
}
