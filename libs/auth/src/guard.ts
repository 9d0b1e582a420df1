import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { ForbiddenError } from '@app/contracts';
import { Principal, Role } from './principal';
import { AuthenticationError, TokenSettings, verifyToken } from './tokens';

const ROLES_KEY = 'ipw:roles';
const PUBLIC_KEY = 'ipw:public';

/** The roles allowed on a route; a route without `@Roles` or `@Public` is refused to everyone. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

export const TOKEN_SETTINGS = Symbol('TOKEN_SETTINGS');

type AuthedRequest = Request & { principal?: Principal };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly settings: TokenSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1])
      throw new AuthenticationError('AUTH.MISSING_TOKEN', '缺少身份令牌', 'Missing bearer token');
    const principal = await verifyToken(this.settings, match[1].trim());
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(principal.role)) {
      throw new ForbiddenError('AUTH.ROLE_FORBIDDEN', {
        zh: `角色 ${principal.role} 无权执行此操作`,
        en: `Role ${principal.role} may not do this`,
      });
    }
    return true;
  }
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new AuthenticationError('AUTH.MISSING_TOKEN', '缺少身份令牌', 'Missing bearer token');
  return principal;
});
