import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import {
  DomainError,
  DomainErrorKind,
  FieldViolation,
  LocalizedText,
  assertUnreachable,
} from '@app/contracts';

/** RFC 7807 body, plus our stable machine code and the bilingual message. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  message: LocalizedText;
  violations: FieldViolation[];
  requestId?: string;
}

export function statusOf(kind: DomainErrorKind): number {
  switch (kind) {
    case 'INVALID':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'CONFLICT':
      return HttpStatus.CONFLICT;
    case 'FORBIDDEN':
      return HttpStatus.FORBIDDEN;
    case 'UNAUTHENTICATED':
      return HttpStatus.UNAUTHORIZED;
    case 'UNAVAILABLE':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'TOO_LARGE':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    default:
      return assertUnreachable(kind);
  }
}

const HTTP_TEXT: Record<number, LocalizedText & { code: string }> = {
  400: { code: 'HTTP.BAD_REQUEST', zh: '请求格式错误', en: 'Bad request' },
  404: { code: 'HTTP.ROUTE_NOT_FOUND', zh: '请求的资源不存在', en: 'Resource not found' },
  405: { code: 'HTTP.METHOD_NOT_ALLOWED', zh: '不支持的请求方法', en: 'Method not allowed' },
  413: { code: 'HTTP.PAYLOAD_TOO_LARGE', zh: '请求体过大', en: 'Payload too large' },
  415: { code: 'HTTP.UNSUPPORTED_MEDIA_TYPE', zh: '不支持的内容类型', en: 'Unsupported media type' },
  429: { code: 'HTTP.TOO_MANY_REQUESTS', zh: '请求过于频繁', en: 'Too many requests' },
};

function problemFor(exception: unknown): {
  status: number;
  code: string;
  message: LocalizedText;
  violations: FieldViolation[];
} {
  if (exception instanceof DomainError) {
    return {
      status: statusOf(exception.kind),
      code: exception.code,
      message: exception.text,
      violations: exception.violations,
    };
  }
  // body-parser errors: malformed JSON, too large, bad charset.
  const bodyError = exception as { type?: string; status?: number };
  if (bodyError && typeof bodyError === 'object' && typeof bodyError.type === 'string') {
    if (bodyError.type === 'entity.parse.failed')
      return {
        status: 400,
        code: 'HTTP.MALFORMED_JSON',
        message: { zh: '请求体不是合法的 JSON', en: 'Request body is not valid JSON' },
        violations: [],
      };
    if (bodyError.type === 'entity.too.large')
      return {
        status: 413,
        code: 'HTTP.PAYLOAD_TOO_LARGE',
        message: { zh: '请求体过大', en: 'Payload too large' },
        violations: [],
      };
    if (typeof bodyError.status === 'number' && bodyError.status < 500)
      return {
        status: bodyError.status,
        code: 'HTTP.BAD_BODY',
        message: { zh: '请求体无法解析', en: 'Request body could not be read' },
        violations: [],
      };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest maps body-parser's SyntaxError to a bare BadRequestException (our code never throws one).
    if (status === 400 && /JSON|position|Unexpected|Expected/i.test(exception.message)) {
      return {
        status,
        code: 'HTTP.MALFORMED_JSON',
        message: { zh: '请求体不是合法的 JSON', en: 'Request body is not valid JSON' },
        violations: [],
      };
    }
    const known = HTTP_TEXT[status];
    if (known) return { status, code: known.code, message: { zh: known.zh, en: known.en }, violations: [] };
    if (status < 500)
      return {
        status,
        code: `HTTP.${status}`,
        message: { zh: '请求无法处理', en: exception.message },
        violations: [],
      };
  }
  return {
    status: 500,
    code: 'INTERNAL.UNEXPECTED',
    message: { zh: '服务器内部错误，请稍后重试', en: 'Internal error, please retry later' },
    violations: [],
  };
}

/** Every error leaves as application/problem+json with a stable code; internals are never leaked. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request & { requestId?: string }>();
    const response = ctx.getResponse<Response>();
    const p = problemFor(exception);
    if (p.status >= 500)
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    const body: ProblemDetails = {
      type: `urn:ipw:problem:${p.code}`,
      title: p.message.en,
      status: p.status,
      detail: `${p.message.zh} / ${p.message.en}`,
      instance: request.originalUrl ?? request.url,
      code: p.code,
      message: p.message,
      violations: p.violations,
      requestId: request.requestId,
    };
    if (response.headersSent) return;
    response.status(p.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
