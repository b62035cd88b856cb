import {
  FastifyAdapter,
  NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { UsersModule } from './users.module';

describe('users service', () => {
  let app: NestFastifyApplication;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [UsersModule],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(
      new FastifyAdapter(),
      {
        logger: false,
      },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterEach(() => app.close());

  it('reports health', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', service: 'users' });
  });

  it('pages through users with limit and offset', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/users?limit=5&offset=10',
    });
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.total).toBe(30);
    expect(page.items.map((user: { id: string }) => user.id)).toEqual([
      'u-11',
      'u-12',
      'u-13',
      'u-14',
      'u-15',
    ]);
  });

  it('rejects a malformed limit', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/users?limit=abc',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('limit');
  });

  it('returns a user by id and 404 with a message for an unknown id', async () => {
    const found = await app.inject({ method: 'GET', url: '/users/u-1' });
    expect(found.json()).toMatchObject({
      id: 'u-1',
      email: expect.stringContaining('@'),
    });

    const missing = await app.inject({ method: 'GET', url: '/users/u-999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ message: 'user not found' });
  });

  it('answers unknown routes with a 404 message', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(Object.keys(response.json())).toEqual(['message']);
  });

  it('creates a user with a new id and rejects missing fields', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { username: 'zoe', name: 'Zoe Vos', email: 'zoe@example.com' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'u-31',
      username: 'zoe',
      tier: 'standard',
    });

    const invalid = await app.inject({
      method: 'POST',
      url: '/users',
      payload: { name: 'x' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toMatch(/username.*email/);
  });

  it('updates, then deletes a user', async () => {
    const updated = await app.inject({
      method: 'PATCH',
      url: '/users/u-2',
      payload: { name: 'Renamed' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ id: 'u-2', name: 'Renamed' });

    const deleted = await app.inject({ method: 'DELETE', url: '/users/u-2' });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/users/u-2' })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'DELETE', url: '/users/u-2' })).statusCode,
    ).toBe(404);
  });

  it('returns preferences of a user', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/users/u-3/preferences',
    });
    expect(response.json()).toEqual({
      userId: 'u-3',
      language: expect.any(String),
      currency: 'EUR',
      newsletter: expect.any(Boolean),
    });
    expect(
      (await app.inject({ method: 'GET', url: '/users/u-99/preferences' }))
        .statusCode,
    ).toBe(404);
  });
});
