import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

export const ACTOR_KINDS = ['applicant', 'caseworker', 'supervisor', 'auditor', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who caused an event. `uscc` for applicants, `authority` for caseworkers. */
export class Actor {
  @IsIn(ACTOR_KINDS)
  kind!: ActorKind;

  @IsString()
  id!: string;

  @IsOptional()
  @IsString()
  uscc?: string;

  @IsOptional()
  @IsString()
  authority?: string;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The one envelope every event travels in. Kafka key = applicationId, so everything about one
 * application is ordered on one partition. `payload` is validated separately against the class
 * bound to (type, version) in the event registry.
 */
export class EventEnvelope<P = unknown> {
  @Matches(ULID)
  id!: string;

  @IsString()
  type!: string;

  @IsInt()
  @Min(1)
  version!: number;

  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsString()
  producer!: string;

  @IsString()
  applicationId!: string;

  @IsOptional()
  @IsString()
  caseId?: string;

  @IsString()
  correlationId!: string;

  @IsString()
  causationId!: string;

  @ValidateNested()
  @Type(() => Actor)
  actor!: Actor;

  @IsObject()
  payload!: P;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system' };
