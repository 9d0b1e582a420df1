import { DynamicModule, Global, Module } from '@nestjs/common';
import { PlatformConfig } from '@app/config';
import { EventInbox } from './inbox';
import { OutboxRelay } from './outbox';
import { KafkaEventPublisher } from './publisher';

/** Provides the publisher, the outbox relay and the inbox for one service. */
@Global()
@Module({})
export class MessagingModule {
  static forService(config: PlatformConfig, service: string): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: PlatformConfig, useValue: config },
        { provide: KafkaEventPublisher, useFactory: () => new KafkaEventPublisher(config, service) },
        OutboxRelay,
        EventInbox,
      ],
      exports: [PlatformConfig, KafkaEventPublisher, OutboxRelay, EventInbox],
    };
  }
}
