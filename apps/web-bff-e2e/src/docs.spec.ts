import { RunningBff, startBff } from '@bff/gateway-testing';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: object } }> }> }>>;
  components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> };
}

describe('web-bff: GET /docs', () => {
  let bff: RunningBff;

  beforeAll(async () => {
    bff = await startBff('web-bff');
  });

  afterAll(async () => {
    await bff.process.stop();
  });

  it('serves the Swagger UI and its files without a token', async () => {
    const page = await fetch(`${bff.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('/docs/swagger-ui-bundle.js');
    for (const file of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/docs/init.js']) {
      expect((await fetch(`${bff.url}${file}`)).status).toBe(200);
    }
  });

  it('documents the routes from the DTOs and view models', async () => {
    const response = await fetch(`${bff.url}/docs-json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    const dashboard = document.paths['/api/v1/dashboard']['get'].responses['200'].content?.['application/json'].schema;
    expect(Object.keys(dashboard?.properties ?? {}).sort()).toEqual(['meta', 'orders', 'recommendations', 'user']);
    expect(document.paths['/api/v1/products/{id}']['get']).toBeDefined();
    expect(document.paths['/api/v1/orders']['post']).toBeDefined();
    expect(Object.keys(document.components.schemas['CreateOrderDto'].properties)).toEqual(['items']);
    expect(Object.keys(document.components.schemas['CreateOrderItemDto'].properties).sort()).toEqual(['productId', 'quantity']);
  });
});
