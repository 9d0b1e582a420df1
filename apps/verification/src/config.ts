import { IsInt, IsUrl, Min } from 'class-validator';
import { PlatformConfig } from '@app/config';

const url = { require_tld: false, require_protocol: true };

/** Verification settings: one endpoint per data-sharing source (the sandbox locally, real ones in production). */
export class VerificationConfig extends PlatformConfig {
  override PORT = 3002;

  @IsUrl(url)
  SOURCE_ENTERPRISE_URL = 'http://127.0.0.1:3006';

  @IsUrl(url)
  SOURCE_E_LICENCE_URL = 'http://127.0.0.1:3006';

  @IsUrl(url)
  SOURCE_IDENTITY_URL = 'http://127.0.0.1:3006';

  @IsUrl(url)
  SOURCE_PATENT_URL = 'http://127.0.0.1:3006';

  @IsUrl(url)
  SOURCE_TRADEMARK_URL = 'http://127.0.0.1:3006';

  @IsUrl(url)
  SOURCE_LAYOUT_DESIGN_URL = 'http://127.0.0.1:3006';

  /** Per attempt. */
  @IsInt()
  @Min(50)
  SOURCE_TIMEOUT_MS = 2000;

  /** Retries after the first attempt. */
  @IsInt()
  @Min(0)
  SOURCE_RETRIES = 2;

  @IsInt()
  @Min(0)
  SOURCE_RETRY_BACKOFF_MS = 200;

  /** Consecutive failures that open a source's breaker. */
  @IsInt()
  @Min(1)
  SOURCE_BREAKER_FAILURES = 5;

  @IsInt()
  @Min(100)
  SOURCE_BREAKER_RESET_MS = 10000;

  /** Short-lived answer cache; 0 disables it. */
  @IsInt()
  @Min(0)
  SOURCE_CACHE_TTL_MS = 30000;

  /** How often sub-cases left in MANUAL_REVIEW (a source stayed down) are re-checked; 0 disables it. */
  @IsInt()
  @Min(0)
  MANUAL_REVIEW_RECHECK_MS = 15000;

  /** After this many re-checks a MANUAL_REVIEW stays for a caseworker. */
  @IsInt()
  @Min(0)
  MANUAL_REVIEW_MAX_RECHECKS = 40;
}
