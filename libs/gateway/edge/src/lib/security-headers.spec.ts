import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { API_SECURITY_HEADERS, HtmlPage, HTML_PAGE_HEADERS } from './security-headers';

describe('HTML_PAGE_HEADERS', () => {
  it("holds the HTML content type and helmet's defaults, which let a page load its own scripts and styles", () => {
    expect(HTML_PAGE_HEADERS).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': expect.stringContaining("script-src 'self'"),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(HTML_PAGE_HEADERS['content-security-policy']).toContain("default-src 'self'");
  });

  it('sets no header that reveals the server', () => {
    expect(Object.keys(HTML_PAGE_HEADERS)).not.toContain('x-powered-by');
  });
});

describe('@HtmlPage()', () => {
  @Controller()
  class PageController {
    @Get('page')
    @HtmlPage()
    page(): string {
      return '<!doctype html><p>hi</p>';
    }
  }

  it("answers the route with the page's headers over the API's", async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [PageController] }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.getHttpAdapter().getInstance().addHook('onRequest', (_request, reply, done) => {
      void reply.headers(API_SECURITY_HEADERS);
      done();
    });
    await app.init();
    try {
      const response = await app.inject({ method: 'GET', url: '/page' });
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject(HTML_PAGE_HEADERS);
    } finally {
      await app.close();
    }
  });
});
