import { ValidationPipe } from '@nestjs/common';
import { DomainError, flattenValidationErrors } from '@app/contracts';

/** Whitelist, refuse unknown properties, transform; failures become REQUEST.INVALID with field paths. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) =>
      new DomainError(
        'REQUEST.INVALID',
        { zh: '请求内容不符合要求', en: 'The request is invalid' },
        flattenValidationErrors(errors),
      ),
  });
}
