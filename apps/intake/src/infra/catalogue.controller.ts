import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConflictError, NotFoundError } from '@app/contracts';
import {
  Bundle,
  Catalogue,
  findBundle,
  findItem,
  nextCatalogueVersion,
  OneTimeNotice,
  oneTimeNotice,
  ServiceItem,
} from '@app/catalogue';
import { Public, Roles } from '@app/auth';
import { CATALOGUE_STORE, CatalogueStore } from '../usecases/ports';
import { CatalogueChangeDto, NoticeRequestDto, VersionQuery } from './dto';

@ApiTags('catalogue 服务事项清单')
@Controller('catalogue')
export class CatalogueController {
  constructor(@Inject(CATALOGUE_STORE) private readonly catalogues: CatalogueStore) {}

  private async read(version?: number): Promise<Catalogue> {
    if (version === undefined) return this.catalogues.current();
    const c = await this.catalogues.version(version);
    if (!c)
      throw new NotFoundError('CATALOGUE.UNKNOWN_VERSION', {
        zh: `清单第${version}版不存在`,
        en: `Catalogue version ${version} does not exist`,
      });
    return c;
  }

  @Public()
  @Get('items')
  @ApiOperation({ summary: '服务事项列表 List service items' })
  async items(@Query() q: VersionQuery): Promise<{ version: number; items: readonly ServiceItem[] }> {
    const c = await this.read(q.version);
    return { version: c.version, items: c.items };
  }

  @Public()
  @Get('items/:code')
  async item(
    @Param('code') code: string,
    @Query() q: VersionQuery,
  ): Promise<ServiceItem & { catalogueVersion: number }> {
    const c = await this.read(q.version);
    const item = findItem(c, code);
    if (!item)
      throw new NotFoundError('CATALOGUE.UNKNOWN_ITEM', {
        zh: `清单中没有事项“${code}”`,
        en: `No service item "${code}"`,
      });
    return { ...item, catalogueVersion: c.version };
  }

  @Public()
  @Get('bundles')
  async bundles(@Query() q: VersionQuery): Promise<{ version: number; bundles: readonly Bundle[] }> {
    const c = await this.read(q.version);
    return { version: c.version, bundles: c.bundles };
  }

  @Public()
  @Get('bundles/:code')
  async bundle(
    @Param('code') code: string,
    @Query() q: VersionQuery,
  ): Promise<Bundle & { catalogueVersion: number }> {
    const c = await this.read(q.version);
    const bundle = findBundle(c, code);
    if (!bundle)
      throw new NotFoundError('CATALOGUE.UNKNOWN_BUNDLE', {
        zh: `清单中没有一件事“${code}”`,
        en: `No bundle "${code}"`,
      });
    return { ...bundle, catalogueVersion: c.version };
  }

  @Public()
  @Post('bundles/:code/notice')
  @HttpCode(200)
  @ApiOperation({ summary: '一次告知 One-time notice: merged form and one set of materials' })
  async notice(@Param('code') code: string, @Body() body: NoticeRequestDto): Promise<OneTimeNotice> {
    const c = await this.catalogues.current();
    return oneTimeNotice(c, code, body.assets, {
      agentAppointed: body.agentAppointed,
      ...(body.commitmentSigned !== undefined ? { commitmentSigned: body.commitmentSigned } : {}),
    });
  }

  @Roles('admin')
  @Post('versions')
  @HttpCode(201)
  @ApiOperation({ summary: '发布新版清单 Publish the next catalogue version' })
  async publish(@Body() body: CatalogueChangeDto): Promise<{ version: number; publishedAt: string }> {
    const current = await this.catalogues.current();
    const next = nextCatalogueVersion(current, {
      ...(body.items ? { items: body.items as unknown as ServiceItem[] } : {}),
      ...(body.bundles ? { bundles: body.bundles as unknown as Bundle[] } : {}),
      ...(body.retireItems ? { retireItems: body.retireItems } : {}),
      ...(body.retireBundles ? { retireBundles: body.retireBundles } : {}),
    });
    if (!(await this.catalogues.publish(next))) {
      throw new ConflictError('CATALOGUE.CONCURRENT_PUBLISH', {
        zh: '另一版本已同时发布，请重试',
        en: 'Another version was published meanwhile; retry',
      });
    }
    return { version: next.version, publishedAt: next.publishedAt };
  }
}
