import { RoleProjection } from './role-projection';

interface UserView {
  id: string;
  name: string;
  email: string;
}

describe('RoleProjection', () => {
  const projection = new RoleProjection<UserView>({ id: ['admin', 'support'], email: ['admin'] });
  const view: UserView = { id: 'u-1', name: 'Ada', email: 'ada@example.com' };

  it('shows restricted fields to the roles listed for them', () => {
    expect(projection.apply(view, ['user', 'admin'])).toEqual(view);
    expect(projection.apply(view, ['support'])).toEqual({ id: 'u-1', name: 'Ada' });
  });

  it('hides them from everyone else', () => {
    expect(projection.apply(view, ['user'])).toEqual({ name: 'Ada' });
    expect(projection.apply(view, [])).toEqual({ name: 'Ada' });
  });

  it('tells which fields are restricted', () => {
    expect(projection.isRestricted('email')).toBe(true);
    expect(projection.isRestricted('name')).toBe(false);
  });
});
