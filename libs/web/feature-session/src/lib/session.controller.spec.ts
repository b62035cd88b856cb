import { BadRequestException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sign } from 'jsonwebtoken';
import { SessionController } from './session.controller';

const session = { cookie: 'sid', csrfCookie: 'sid_csrf', csrfHeader: 'x-csrf-token', trustedOrigins: [] };

function fakeReply(): { reply: FastifyReply; headers: Record<string, unknown> } {
  const headers: Record<string, unknown> = {};
  const reply = {
    header(name: string, value: unknown) {
      headers[name] = value;
      return reply;
    },
  } as unknown as FastifyReply;
  return { reply, headers };
}

describe('SessionController', () => {
  const controller = new SessionController({ secret: 's'.repeat(40), session });

  it('trades a bearer token for session cookies and answers the CSRF token', () => {
    const exp = Math.floor(Date.now() / 1000) + 300;
    const token = sign({ sub: 'u-1', exp }, 's'.repeat(40));
    const { reply, headers } = fakeReply();
    const answer = controller.open({ headers: { authorization: `Bearer ${token}` } } as FastifyRequest, reply);
    expect(answer.expiresAt).toBe(new Date(exp * 1000).toISOString());
    expect(answer.csrfToken).toMatch(/^[\w-]{32}$/);
    const [sid, csrf] = headers['set-cookie'] as string[];
    expect(sid).toMatch(new RegExp(`^sid=${token}; Path=/; Max-Age=(299|300); Secure; SameSite=Strict; HttpOnly$`));
    expect(csrf).toMatch(new RegExp(`^sid_csrf=${answer.csrfToken}; Path=/; Max-Age=(299|300); Secure; SameSite=Strict$`));
  });

  it('gives every session its own CSRF token', () => {
    const token = sign({ sub: 'u-1', exp: Math.floor(Date.now() / 1000) + 60 }, 'k');
    const request = { headers: { authorization: `Bearer ${token}` } } as FastifyRequest;
    expect(controller.open(request, fakeReply().reply).csrfToken).not.toBe(controller.open(request, fakeReply().reply).csrfToken);
  });

  it('refuses to open a session without a bearer token', () => {
    expect(() => controller.open({ headers: {} } as FastifyRequest, fakeReply().reply)).toThrow(BadRequestException);
  });

  it('closes a session by expiring both cookies', () => {
    const { reply, headers } = fakeReply();
    controller.close(reply);
    expect(headers['set-cookie']).toEqual([
      'sid=; Path=/; Max-Age=0; Secure; SameSite=Strict; HttpOnly',
      'sid_csrf=; Path=/; Max-Age=0; Secure; SameSite=Strict',
    ]);
  });

  it('refuses to exist without cookie sessions', () => {
    expect(() => new SessionController({ secret: 's'.repeat(40) })).toThrow(/cookie sessions/);
  });
});
