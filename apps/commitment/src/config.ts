import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { PlatformConfig } from '@app/config';

/**
 * The commitment service's settings (validated at start, like the platform's).
 * - OBLIGATION_REMINDER_OFFSETS: working days before the due date on which a reminder is issued ("3,1").
 * - OBLIGATION_MAX_EXTENSION_DAYS: total working days a caseworker may extend one obligation by.
 * - POSTHOC_SEED: the published seed of the post-hoc sampling draw (事后核查抽签种子); same seed, same draw.
 * - WORKING_DAY_MS: fast clock for tests and demos. 0 (default) = the real working-day calendar (a due date
 *   ends at 00:00 UTC+8 of the next day). When > 0, every day counts as a working day and one day lasts
 *   this many milliseconds, counted from the grant: working day k of an obligation ends k × WORKING_DAY_MS
 *   after the grant. Never set it in production.
 * - DESK_REASON_MIN_LENGTH: the shortest reason a caseworker may give for an action.
 */
export class CommitmentConfig extends PlatformConfig {
  override PORT = 3003;

  @IsString()
  @Matches(/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/)
  OBLIGATION_REMINDER_OFFSETS = '3,1';

  @IsInt()
  @Min(0)
  @Max(365)
  OBLIGATION_MAX_EXTENSION_DAYS = 10;

  @IsString()
  @MinLength(1)
  POSTHOC_SEED = 'ipw-posthoc-local-seed';

  @IsInt()
  @Min(0)
  WORKING_DAY_MS = 0;

  @IsInt()
  @Min(1)
  @Max(200)
  DESK_REASON_MIN_LENGTH = 4;
}

export function reminderOffsets(config: CommitmentConfig): number[] {
  const offsets = config.OBLIGATION_REMINDER_OFFSETS.split(',').map((s) => Number(s.trim()));
  return [...new Set(offsets)].sort((a, b) => b - a);
}
