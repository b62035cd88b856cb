import { applyDecorators, Header } from '@nestjs/common';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The security headers of every answer a BFF gives: those OWASP's REST Security Cheat Sheet lists
 * for API responses, with the strictest content policy (nothing may load, no page may frame the
 * answer), and helmet's referrer and cross-origin resource policies. A BFF answers JSON; the few
 * HTML pages it serves itself use {@link HTML_PAGE_HEADERS} instead.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/** helmet's default headers, as its middleware sets them on a response. */
function helmetDefaults(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet()({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * The headers of an HTML page a BFF serves itself (the OpenAPI UI, admin's status page): its
 * content type and helmet's default security headers, whose policy lets the page load scripts,
 * styles and images from the BFF only. Computed once, at start: `@fastify/helmet` rebuilds
 * helmet's configuration on every request.
 */
export const HTML_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'text/html; charset=utf-8', ...helmetDefaults() });

/**
 * Marks a Nest route as answering an HTML page: {@link HTML_PAGE_HEADERS} in place of the API's
 * security headers, whose policy would keep the page from running its own script.
 *
 * @example
 * @Get() @HtmlPage() page(): string { return PAGE; }
 */
export function HtmlPage(): MethodDecorator {
  return applyDecorators(...Object.entries(HTML_PAGE_HEADERS).map(([name, value]) => Header(name, value)));
}
