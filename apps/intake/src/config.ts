import { IsInt, IsOptional, IsString, IsUrl, Min } from 'class-validator';
import { PlatformConfig } from '@app/config';

/** Intake's own settings on top of the platform's. */
export class IntakeConfig extends PlatformConfig {
  override PORT = 3001;

  /** Default endpoint of every linked registration process (the registry sandbox locally). */
  @IsUrl({ require_tld: false })
  REGISTRY_SANDBOX_URL = 'http://127.0.0.1:3006';

  /**
   * Per-authority overrides, `AUTHORITY=url` separated by commas, e.g.
   * `PATENT_OFFICE=https://cpquery.example/api,TRADEMARK_OFFICE=https://tm.example/api`.
   */
  @IsOptional()
  @IsString()
  DISPATCH_ENDPOINTS = '';

  /** Base URL the linked processes call back (`{base}/internal/dispatch-results`); default http://127.0.0.1:PORT. */
  @IsOptional()
  @IsString()
  INTAKE_PUBLIC_URL = '';

  @IsInt()
  @Min(1)
  DISPATCH_ATTEMPTS = 8;

  @IsInt()
  @Min(10)
  DISPATCH_BACKOFF_MS = 1000;

  @IsInt()
  @Min(1000)
  DISPATCH_TIMEOUT_MS = 10000;

  /** Largest accepted upload, bytes (10 MiB). */
  @IsInt()
  @Min(1)
  DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

  /**
   * How often PROCESSING sub-cases not yet dispatched are re-queued (a crash between the write and
   * the enqueue, or Redis refusing the enqueue). It also runs at start. It reads every application,
   * which FerretDB does by decoding each document, so it is a slow safety net, not a poll.
   */
  @IsInt()
  @Min(100)
  DISPATCH_SWEEP_MS = 60000;

  /**
   * How long the number of the current catalogue version is trusted before it is read again.
   * Versions themselves are immutable and cached for good; a version published by this instance is
   * current here at once, one published by another instance within this time.
   */
  @IsInt()
  @Min(0)
  CATALOGUE_CURRENT_TTL_MS = 5000;
}

/** Endpoint of the linked registration process of one authority. */
export function dispatchEndpoint(config: IntakeConfig, authority: string): string {
  for (const pair of config.DISPATCH_ENDPOINTS.split(',')) {
    const [name, url] = pair.split('=');
    if (name?.trim() === authority && url) return url.trim().replace(/\/$/, '');
  }
  return config.REGISTRY_SANDBOX_URL.replace(/\/$/, '');
}

export function callbackUrl(config: IntakeConfig): string {
  const base = config.INTAKE_PUBLIC_URL || `http://127.0.0.1:${config.PORT}`;
  return `${base.replace(/\/$/, '')}/internal/dispatch-results`;
}
