import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { Request, Response } from 'express';
import { DomainError, LocalizedText } from '@app/contracts';

/** A refusal whose HTTP status is not one of the domain kinds (413, 415 for uploads). */
export class HttpStatusProblem extends DomainError {
  constructor(
    readonly status: number,
    code: string,
    text: LocalizedText,
    path?: string,
  ) {
    super(code, text, path ? [{ path, code, message: text }] : []);
  }
}

@Catch(HttpStatusProblem)
export class HttpStatusProblemFilter implements ExceptionFilter {
  catch(e: HttpStatusProblem, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { requestId?: string }>();
    const res = host.switchToHttp().getResponse<Response>();
    res
      .status(e.status)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: `urn:ipw:problem:${e.code}`,
          title: e.text.en,
          status: e.status,
          detail: `${e.text.zh} / ${e.text.en}`,
          instance: req.originalUrl ?? req.url,
          code: e.code,
          message: e.text,
          violations: e.violations,
          requestId: req.requestId,
        }),
      );
  }
}
