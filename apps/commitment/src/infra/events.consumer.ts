import { Controller, Injectable } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { physicalTopic, TOPICS, type TypedEnvelope } from '@app/contracts';
import { EventInbox } from '@app/messaging';
import { DecideDeferral } from '../usecases/decide-deferral/decide-deferral';
import { ObligationActions } from '../usecases/obligation-actions/obligation-actions';
import { MODELS } from './schemas';

export const COMMITMENT_GROUP = 'commitment';

/** Remembers which enterprise and authority each sub-case belongs to (from intake's filing). */
@Injectable()
export class CaseDirectory {
  constructor(@InjectModel(MODELS.caseDirectory) private readonly model: Model<Record<string, unknown>>) {}

  async onFiled(event: TypedEnvelope<'intake.application.filed'>): Promise<void> {
    for (const sub of event.payload.subCases) {
      await this.model
        .updateOne(
          { _id: sub.caseId },
          {
            $set: {
              applicationId: event.applicationId,
              uscc: event.payload.uscc,
              authority: sub.authority,
              itemCode: sub.itemCode,
              commitmentAllowed: sub.commitmentAllowed,
            },
          },
          { upsert: true },
        )
        .exec();
    }
  }
}

@Controller()
export class CommitmentEventsConsumer {
  constructor(
    private readonly inbox: EventInbox,
    private readonly decide: DecideDeferral,
    private readonly actions: ObligationActions,
    private readonly directory: CaseDirectory,
  ) {}

  @EventPattern(physicalTopic(TOPICS.verification))
  async onVerification(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, COMMITMENT_GROUP, {
      'verification.assessment.completed': async (e) => {
        await this.decide.execute(e);
      },
      'verification.supplement.checked': async (e) => {
        await this.actions.onSupplementChecked(e, { kind: 'system', id: 'verification' });
      },
    });
  }

  @EventPattern(physicalTopic(TOPICS.intake))
  async onIntake(@Payload() raw: unknown, @Ctx() ctx: KafkaContext): Promise<void> {
    await this.inbox.handle(raw, ctx, COMMITMENT_GROUP, {
      'intake.application.filed': (e) => this.directory.onFiled(e),
    });
  }
}
