import {
  Body,
  CanActivate,
  Controller,
  Delete,
  ExecutionContext,
  Get,
  HttpCode,
  Injectable,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DomainError, ForbiddenError, NotFoundError } from '@app/contracts';
import { AuthenticationError, Public, verifyToken } from '@app/auth';
import {
  isValidLayoutDesignNumber,
  isValidPatentNumber,
  isValidTrademarkNumber,
  normalizePatentNumber,
} from '@app/identifiers';
import { FAULT_SOURCES, FaultSettings, FaultSource } from '../domain/faults';
import { EvidenceDocument, signEvidence, SourceName } from '../domain/registry';
import { AssetKind } from '../domain/seed';
import { SandboxState } from './sandbox-state';

export class IdentityCheckBody {
  @ApiProperty({ example: '91110108MA01ABCDE1' })
  @IsString()
  uscc!: string;

  @ApiProperty({ example: '张伟' })
  @IsString()
  @MinLength(1)
  name!: string;

  @ApiPropertyOptional({ description: 'HMAC-SHA256 (PII_HMAC_KEY) of the ID number, lower-case hex' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  idNumberDigest?: string;

  @ApiPropertyOptional({ description: 'The ID number itself (sandbox convenience; prefer the digest)' })
  @IsOptional()
  @IsString()
  idNumber?: string;
}

export class AssetRefBody {
  @ApiProperty({ enum: ['patent', 'trademark', 'layout-design'] })
  @IsIn(['patent', 'trademark', 'layout-design'])
  kind!: AssetKind;

  @ApiProperty({ example: '202010123456.2' })
  @IsString()
  number!: string;
}

export class LinkedCaseBody {
  @ApiProperty({ example: 'APP1:case-1:1' })
  @IsString()
  @MinLength(1)
  dispatchKey!: string;

  @ApiProperty()
  @IsString()
  caseId!: string;

  @ApiProperty()
  @IsString()
  applicationId!: string;

  @ApiProperty({ example: 'MR_ENTERPRISE_NAME_CHANGE' })
  @IsString()
  itemCode!: string;

  @ApiProperty()
  @IsString()
  uscc!: string;

  @ApiPropertyOptional({ type: AssetRefBody })
  @IsOptional()
  @ValidateNested()
  @Type(() => AssetRefBody)
  asset?: AssetRefBody;

  @ApiProperty({
    example: { newName: '北京新名称科技有限公司' },
    description: 'formValues.sandboxOutcome = "DENY" forces a DENIED outcome',
  })
  @IsObject()
  formValues!: Record<string, string | number | boolean>;

  @ApiProperty({ example: 'http://127.0.0.1:3001/internal/dispatch-results' })
  @IsUrl({ require_tld: false, require_protocol: true })
  callbackUrl!: string;
}

export class FaultBody {
  @ApiProperty({ enum: FAULT_SOURCES })
  @IsIn(FAULT_SOURCES)
  source!: FaultSource;

  @ApiPropertyOptional({ example: 500 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60000)
  latencyMs?: number;

  @ApiPropertyOptional({ example: 0.5 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  timeout?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  outage?: boolean;
}

const KIND_SOURCE: Record<AssetKind, SourceName> = {
  patent: 'patent-register',
  trademark: 'trademark-register',
  'layout-design': 'layout-design-register',
};

/**
 * Data-sharing interfaces, shaped like the real ones: query by USCC, by patent/trademark/design
 * number, identity check. Every answer is a signed evidence document; "no such record" is 200 with
 * `found: false` and `data: null` (absence is evidence too), as the national sharing platform does.
 */
@ApiTags('data sharing (sandbox)')
@Public()
@Controller('sharing')
export class SharingController {
  constructor(private readonly state: SandboxState) {}

  private evidence<T>(
    source: SourceName,
    query: Record<string, string>,
    data: T | null,
  ): EvidenceDocument<T> {
    return signEvidence(source, query, data, this.state.config.SANDBOX_SIGNING_KEY, new Date());
  }

  @Get('enterprise/:uscc')
  @ApiOperation({ summary: '企业登记信息查询 Enterprise registration by USCC' })
  async enterprise(@Param('uscc') uscc: string): Promise<EvidenceDocument<Record<string, unknown>>> {
    await this.state.gate('enterprise-registry');
    const e = this.state.registry.enterprise(uscc);
    return this.evidence(
      'enterprise-registry',
      { uscc },
      e ? this.state.registry.enterpriseView(e, this.state.config.PII_HMAC_KEY) : null,
    );
  }

  @Get('e-licence/:uscc')
  @ApiOperation({ summary: '电子营业执照查询 Electronic business licence by USCC' })
  async licence(@Param('uscc') uscc: string): Promise<EvidenceDocument<Record<string, unknown>>> {
    await this.state.gate('e-licence');
    const e = this.state.registry.enterprise(uscc);
    // A deregistered enterprise's licence is withdrawn from the library altogether.
    const data = e && e.status !== 'DEREGISTERED' ? this.state.registry.licenceView(e) : null;
    return this.evidence('e-licence', { uscc }, data);
  }

  @Post('identity-check')
  @HttpCode(200)
  @ApiOperation({ summary: '法定代表人身份核验 Identity check of a person against an enterprise' })
  async identity(@Body() body: IdentityCheckBody): Promise<EvidenceDocument<Record<string, unknown>>> {
    await this.state.gate('identity');
    if (!body.idNumber && !body.idNumberDigest) {
      throw new DomainError(
        'SANDBOX.IDENTITY_QUERY_INCOMPLETE',
        { zh: '须提供身份证件号码或其摘要', en: 'Give the ID number or its digest' },
        [
          {
            path: 'idNumberDigest',
            code: 'SANDBOX.REQUIRED',
            message: { zh: '必填其一', en: 'one of idNumber/idNumberDigest is required' },
          },
        ],
      );
    }
    const e = this.state.registry.enterprise(body.uscc);
    const data = e
      ? this.state.registry.identityCheck(
          e,
          body.name,
          body.idNumber,
          body.idNumberDigest,
          this.state.config.PII_HMAC_KEY,
        )
      : null;
    // The query echoed in the evidence never carries the ID number, only the name and USCC.
    return this.evidence('identity', { uscc: body.uscc, name: body.name }, data);
  }

  @Get('patents/:number')
  @ApiOperation({ summary: '专利登记簿查询 Patent register by number' })
  patent(@Param('number') number: string): Promise<EvidenceDocument<Record<string, unknown>>> {
    return this.asset('patent', isValidPatentNumber(number) ? normalizePatentNumber(number) : number);
  }

  @Get('trademarks/:number')
  @ApiOperation({ summary: '商标注册簿查询 Trademark register by registration number' })
  trademark(@Param('number') number: string): Promise<EvidenceDocument<Record<string, unknown>>> {
    return this.asset('trademark', isValidTrademarkNumber(number) ? number.trim() : number);
  }

  @Get('layout-designs/:number')
  @ApiOperation({ summary: '集成电路布图设计登记簿查询 Layout-design register by number' })
  layout(@Param('number') number: string): Promise<EvidenceDocument<Record<string, unknown>>> {
    return this.asset(
      'layout-design',
      isValidLayoutDesignNumber(number) ? number.trim().toUpperCase() : number,
    );
  }

  private async asset(kind: AssetKind, number: string): Promise<EvidenceDocument<Record<string, unknown>>> {
    const source = KIND_SOURCE[kind];
    await this.state.gate(source);
    const a = this.state.registry.asset(kind, number);
    const data = a
      ? {
          kind: a.kind,
          number: a.number,
          title: a.title,
          holder: a.holder,
          holderAddress: a.holderAddress,
          holderHistory: a.holderHistory,
        }
      : null;
    return this.evidence(source, { kind, number }, data);
  }
}

/** Linked registration processes: accept a sub-case, carry it out later, change the registers, call back. */
@ApiTags('linked registration processes (sandbox)')
@Public()
@Controller('linked-processes')
export class LinkedProcessController {
  constructor(private readonly state: SandboxState) {}

  @Post(':authority/cases')
  @HttpCode(202)
  @ApiOperation({ summary: '接收关联登记子事项 Accept a dispatched sub-case (idempotent per dispatchKey)' })
  async accept(
    @Param('authority') authority: string,
    @Body() body: LinkedCaseBody,
  ): Promise<{ dispatchKey: string; accepted: boolean; duplicate: boolean; status: string }> {
    await this.state.gate('linked-processes');
    const { record, duplicate } = this.state.accept({ ...body, authority });
    return { dispatchKey: record.dispatchKey, accepted: true, duplicate, status: record.status };
  }

  @Get(':authority/cases/:dispatchKey')
  @ApiOperation({ summary: '查询关联登记子事项 Read a linked case' })
  read(
    @Param('authority') authority: string,
    @Param('dispatchKey') dispatchKey: string,
  ): Record<string, unknown> {
    const c = this.state.cases.get(dispatchKey);
    if (!c || c.authority !== authority)
      throw new NotFoundError('SANDBOX.CASE_NOT_FOUND', {
        zh: '没有该关联登记事项',
        en: 'No such linked case',
      });
    return {
      dispatchKey: c.dispatchKey,
      caseId: c.caseId,
      itemCode: c.itemCode,
      status: c.status,
      result: c.result,
      callback: c.callback,
    };
  }
}

@ApiTags('sandbox')
@Public()
@Controller()
export class FixturesController {
  constructor(private readonly state: SandboxState) {}

  @Get('fixtures')
  @ApiOperation({ summary: '沙箱固定样例（合成数据） Documented sandbox fixtures (synthetic data)' })
  fixtures(): Record<string, unknown> {
    return this.state.registry.fixtures();
  }

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  ready(): { status: 'ok'; enterprises: number } {
    return { status: 'ok', enterprises: this.state.registry.data.enterprises.length };
  }
}

/**
 * Fault injection. Needs an admin token, unless SANDBOX_ADMIN_OPEN=true (local only). The check is
 * made here rather than with @Roles so the open mode works without any token.
 */
/**
 * Runs before the validation pipe, so an anonymous caller gets 401 whatever body it sends (the
 * check used to sit inside the handler, after validation, and answered 422 with field details).
 */
@Injectable()
export class SandboxAdminGuard implements CanActivate {
  constructor(private readonly state: SandboxState) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const c = this.state.config;
    if (c.SANDBOX_ADMIN_OPEN) return true;
    const authorization = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>()
      .headers.authorization;
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (!match?.[1])
      throw new AuthenticationError('AUTH.MISSING_TOKEN', '缺少身份令牌', 'Missing bearer token');
    const principal = await verifyToken(
      { secret: c.JWT_SECRET, issuer: c.JWT_ISSUER, audience: c.JWT_AUDIENCE, jwksUri: c.JWKS_URI },
      match[1].trim(),
    );
    if (principal.role !== 'admin')
      throw new ForbiddenError('AUTH.ROLE_FORBIDDEN', {
        zh: '仅管理员可注入故障',
        en: 'Only an admin may inject faults',
      });
    return true;
  }
}

@ApiTags('sandbox admin')
@Public()
@UseGuards(SandboxAdminGuard)
@Controller('admin/faults')
export class FaultsController {
  constructor(private readonly state: SandboxState) {}

  @Get()
  async list(): Promise<Array<{ source: FaultSource } & FaultSettings>> {
    return this.state.faults.list();
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: '注入故障 Inject latency, errors, timeouts or an outage into one source' })
  async set(@Body() body: FaultBody): Promise<{ source: FaultSource } & FaultSettings> {
    const { source, ...settings } = body;
    return { source, ...this.state.faults.set(source, settings) };
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({ summary: '清除故障 Clear faults (all, or ?source=)' })
  async clear(@Query('source') source: string | undefined): Promise<{ cleared: string }> {
    const known = FAULT_SOURCES.find((s) => s === source);
    this.state.faults.clear(known);
    return { cleared: known ?? 'all' };
  }
}
