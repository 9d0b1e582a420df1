import { createHash } from 'node:crypto';
import { Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { newId } from '@app/contracts';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { IntakeConfig } from '../config';
import { CLOCK, Clock, DOCUMENT_STORE, DocumentStore } from '../usecases/ports';
import { HttpStatusProblem } from './http-problem';

/** The media types any catalogue material accepts. */
export const ACCEPTED_MEDIA_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/ofd',
] as const;

/** Reads the whole body, but keeps at most `limit` + 1 bytes: the rest is drained so the client gets the answer. */
async function readBody(req: Request, limit: number): Promise<{ content: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(chunk);
  }
  return { content: Buffer.concat(chunks), tooLarge };
}

@ApiTags('documents 材料上传')
@Controller('documents')
export class DocumentsController {
  constructor(
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    private readonly config: IntakeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('applicant')
  @Post()
  @HttpCode(201)
  @ApiConsumes(...ACCEPTED_MEDIA_TYPES)
  @ApiOperation({ summary: '上传材料文件 Upload a document (raw body); returns its sha256' })
  async upload(
    @Req() req: Request,
    @Headers('content-type') contentType: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ documentId: string; sha256: string; size: number; mediaType: string }> {
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const limit = this.config.DOCUMENT_MAX_BYTES;
    const { content, tooLarge } = await readBody(req, limit);
    if (!(ACCEPTED_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
      throw new HttpStatusProblem(
        415,
        'DOCUMENT.UNSUPPORTED_MEDIA_TYPE',
        {
          zh: `不接受的文件类型“${mediaType || '未声明'}”，仅接受 PDF、OFD、JPEG、PNG`,
          en: `Unsupported media type "${mediaType || 'none'}"; PDF, OFD, JPEG or PNG only`,
        },
        'Content-Type',
      );
    }
    if (tooLarge) {
      throw new HttpStatusProblem(
        413,
        'DOCUMENT.TOO_LARGE',
        { zh: `文件超过 ${limit} 字节上限`, en: `The document exceeds the ${limit}-byte limit` },
        'body',
      );
    }
    if (content.length === 0) {
      throw new HttpStatusProblem(
        422,
        'DOCUMENT.EMPTY',
        { zh: '文件内容为空', en: 'The document is empty' },
        'body',
      );
    }
    const owner = principal.uscc ?? '';
    const doc = {
      documentId: newId(),
      owner,
      sha256: createHash('sha256').update(content).digest('hex'),
      size: content.length,
      mediaType,
      uploadedAt: this.clock.now().toISOString(),
    };
    await this.documents.save(doc, content);
    return { documentId: doc.documentId, sha256: doc.sha256, size: doc.size, mediaType };
  }
}
