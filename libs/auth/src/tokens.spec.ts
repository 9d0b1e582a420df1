import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { mintToken, TokenSettings, verifyToken } from './tokens';

const LOCAL: TokenSettings = {
  secret: 'a-test-secret-of-enough-length',
  issuer: 'ipw-test',
  audience: 'ipw-services',
};

describe('bearer tokens: HS256 locally, JWKS in production', () => {
  it('a minted applicant token verifies to its principal', async () => {
    const token = mintToken(LOCAL, { subject: 'u1', role: 'applicant', uscc: '91110108MA01ABCDE5' });
    await expect(verifyToken(LOCAL, token)).resolves.toMatchObject({
      subject: 'u1',
      role: 'applicant',
      uscc: '91110108MA01ABCDE5',
    });
  });

  it.each([
    ['expired', () => mintToken(LOCAL, { subject: 'u', role: 'auditor' }, -10), 'AUTH.TOKEN_EXPIRED'],
    [
      'wrong signature',
      () => mintToken({ ...LOCAL, secret: 'another-secret-entirely-xx' }, { subject: 'u', role: 'auditor' }),
      'AUTH.INVALID_TOKEN',
    ],
    [
      'wrong audience',
      () => mintToken({ ...LOCAL, audience: 'someone-else' }, { subject: 'u', role: 'auditor' }),
      'AUTH.INVALID_TOKEN',
    ],
    [
      'alg none',
      () =>
        jwt.sign({ role: 'auditor', sub: 'u', iss: LOCAL.issuer, aud: LOCAL.audience }, '', {
          algorithm: 'none',
        }),
      'AUTH.INVALID_TOKEN',
    ],
    [
      'applicant without uscc',
      () => mintToken(LOCAL, { subject: 'u', role: 'applicant' }),
      'AUTH.INVALID_CLAIMS',
    ],
    [
      'caseworker without authority',
      () => mintToken(LOCAL, { subject: 'u', role: 'caseworker' }),
      'AUTH.INVALID_CLAIMS',
    ],
    ['not a JWT', () => 'garbage', 'AUTH.MALFORMED_TOKEN'],
  ])('refuses a token: %s', async (_label, make, code) => {
    await expect(verifyToken(LOCAL, make())).rejects.toMatchObject({ code });
  });

  describe('JWKS (RS256 keys published by an identity provider)', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-1', alg: 'RS256', use: 'sig' };
    let server: Server;
    let settings: TokenSettings;
    beforeAll(async () => {
      server = createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      settings = {
        ...LOCAL,
        jwksUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
      };
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const sign = (key: KeyObject, kid = 'key-1'): string =>
      jwt.sign({ role: 'supervisor' }, key, {
        algorithm: 'RS256',
        keyid: kid,
        subject: 's1',
        issuer: LOCAL.issuer,
        audience: LOCAL.audience,
        expiresIn: 60,
      });

    it('verifies a token signed by the published key', async () => {
      await expect(verifyToken(settings, sign(privateKey))).resolves.toMatchObject({
        role: 'supervisor',
        subject: 's1',
      });
    });

    it('refuses a token signed by another key, and a shared-secret token, once JWKS is configured', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      await expect(verifyToken(settings, sign(other))).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
      await expect(
        verifyToken(settings, mintToken(LOCAL, { subject: 'u', role: 'auditor' })),
      ).rejects.toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
    });

    it('a JWKS endpoint that cannot be reached is a 503-kind error, not a crash', async () => {
      const down = { ...LOCAL, jwksUri: 'http://127.0.0.1:9/jwks.json' };
      await expect(verifyToken(down, sign(privateKey, 'key-x'))).rejects.toMatchObject({
        code: 'AUTH.JWKS_UNAVAILABLE',
        kind: 'UNAVAILABLE',
      });
    });
  });
});
