import { IsInt, Max, Min } from 'class-validator';
import { PlatformConfig } from '@app/config';

/** The evaluation service's environment (on top of the platform's). */
export class EvaluationConfig extends PlatformConfig {
  override PORT = 3004;

  /** Working days a responsible office has to settle a bad rating's rectification ticket. */
  @IsInt()
  @Min(1)
  @Max(60)
  RECTIFICATION_DUE_WORKING_DAYS = 5;

  /**
   * When > 0, a ticket is due this many milliseconds after it opened instead of after working days.
   * Only for tests and demos: the escalation of an overdue ticket can then be watched in seconds.
   */
  @IsInt()
  @Min(0)
  RECTIFICATION_DUE_MS = 0;
}

export const EVALUATION_SERVICE = 'evaluation';
