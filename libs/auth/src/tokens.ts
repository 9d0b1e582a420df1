import { createPublicKey, JsonWebKey } from 'node:crypto';
import jwt, { JwtPayload } from 'jsonwebtoken';
import { DomainError } from '@app/contracts';
import { Principal, Role, ROLES } from './principal';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  jwksUri?: string;
}

export class AuthenticationError extends DomainError {
  constructor(code: string, zh: string, en: string) {
    super(code, { zh, en }, [], code === 'AUTH.JWKS_UNAVAILABLE' ? 'UNAVAILABLE' : 'UNAUTHENTICATED');
  }
}

/** Mints a token for local use (the `npm run token` command, the demo and the tests). */
export function mintToken(settings: TokenSettings, principal: Principal, ttlSeconds = 8 * 3600): string {
  return jwt.sign(
    { role: principal.role, uscc: principal.uscc, authority: principal.authority, name: principal.name },
    settings.secret,
    {
      algorithm: 'HS256',
      subject: principal.subject,
      issuer: settings.issuer,
      audience: settings.audience,
      expiresIn: ttlSeconds,
    },
  );
}

interface Jwk extends JsonWebKey {
  kid?: string;
}
const jwksCache = new Map<string, { at: number; keys: Jwk[] }>();

async function jwksKey(uri: string, kid: string | undefined): Promise<string> {
  let cached = jwksCache.get(uri);
  if (!cached || Date.now() - cached.at > 10 * 60 * 1000 || !cached.keys.some((k) => k.kid === kid)) {
    const res = await fetch(uri).catch(() => undefined);
    if (!res?.ok)
      throw new AuthenticationError('AUTH.JWKS_UNAVAILABLE', '无法获取签名公钥', 'Signing keys unavailable');
    cached = { at: Date.now(), keys: ((await res.json()) as { keys: Jwk[] }).keys };
    jwksCache.set(uri, cached);
  }
  const jwk =
    cached.keys.find((k) => k.kid === kid) ?? (cached.keys.length === 1 ? cached.keys[0] : undefined);
  if (!jwk)
    throw new AuthenticationError('AUTH.UNKNOWN_KEY', '令牌签名密钥未知', 'Unknown token signing key');
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' }).toString();
}

/**
 * Verifies a bearer token: HS256 with the shared secret locally, RS256/ES256 from JWKS in
 * production. `alg: none`, a wrong signature, audience or issuer, and expiry are all refused.
 */
export async function verifyToken(settings: TokenSettings, token: string): Promise<Principal> {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string')
    throw new AuthenticationError('AUTH.MALFORMED_TOKEN', '令牌格式错误', 'Malformed token');
  const algorithms: jwt.Algorithm[] = settings.jwksUri ? ['RS256', 'ES256'] : ['HS256'];
  const key = settings.jwksUri ? await jwksKey(settings.jwksUri, decoded.header.kid) : settings.secret;
  let payload: JwtPayload;
  try {
    payload = jwt.verify(token, key, {
      algorithms,
      issuer: settings.issuer,
      audience: settings.audience,
    }) as JwtPayload;
  } catch (e) {
    if (e instanceof jwt.TokenExpiredError)
      throw new AuthenticationError('AUTH.TOKEN_EXPIRED', '令牌已过期', 'Token expired');
    throw new AuthenticationError(
      'AUTH.INVALID_TOKEN',
      `令牌无效：${(e as Error).message}`,
      `Invalid token: ${(e as Error).message}`,
    );
  }
  const role = payload.role as Role;
  if (!ROLES.includes(role) || !payload.sub)
    throw new AuthenticationError('AUTH.INVALID_CLAIMS', '令牌声明不完整', 'Token claims incomplete');
  if (role === 'applicant' && typeof payload.uscc !== 'string')
    throw new AuthenticationError(
      'AUTH.INVALID_CLAIMS',
      '申请人令牌缺少统一社会信用代码',
      'Applicant token lacks uscc',
    );
  if (role === 'caseworker' && typeof payload.authority !== 'string')
    throw new AuthenticationError(
      'AUTH.INVALID_CLAIMS',
      '工作人员令牌缺少所属机关',
      'Caseworker token lacks authority',
    );
  return {
    subject: payload.sub,
    role,
    uscc: typeof payload.uscc === 'string' ? payload.uscc : undefined,
    authority: typeof payload.authority === 'string' ? payload.authority : undefined,
    name: typeof payload.name === 'string' ? payload.name : undefined,
  };
}
