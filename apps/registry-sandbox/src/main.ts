import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { setupHttp } from '@app/http';
import { SandboxConfig } from './config';
import { SandboxState } from './infra/sandbox-state';
import {
  FaultsController,
  FixturesController,
  LinkedProcessController,
  SharingController,
} from './infra/sandbox.controllers';

/**
 * The registry sandbox: a stand-in for the outside world (registers, e-licences, identity check,
 * linked registration systems). HTTP only, state in memory, seeded from SANDBOX_SEED. Production
 * points the SOURCE_* / REGISTRY_SANDBOX_URL settings of the other services at real endpoints instead.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig(SandboxConfig);
  @Module({
    controllers: [SharingController, LinkedProcessController, FixturesController, FaultsController],
    providers: [{ provide: SandboxConfig, useValue: config }, SandboxState],
  })
  class RegistrySandboxModule {}
  const app = await NestFactory.create(RegistrySandboxModule, {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  setupHttp(app, {
    service: 'registry-sandbox',
    title: 'Registry sandbox',
    description:
      '外部系统沙箱：企业登记、电子证照、身份核验、专利商标登记簿与关联登记 Stand-in for the outside world',
    tokens: {
      secret: config.JWT_SECRET,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      jwksUri: config.JWKS_URI,
    },
  });
  await app.listen(config.PORT, config.HOST);
}
void bootstrap();
