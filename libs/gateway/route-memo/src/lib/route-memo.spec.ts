import { RouteMemo } from './route-memo';

describe('RouteMemo', () => {
  it('computes once per handler and class, a handler shared by two classes once for each', () => {
    const seen: string[] = [];
    const memo = new RouteMemo(([handler, type]) => {
      const name = `${(type as { name: string }).name}.${(handler as { name: string }).name}`;
      seen.push(name);
      return name;
    });
    class Base {
      list(): string {
        return 'list';
      }
      find(): string {
        return 'find';
      }
    }
    class Users extends Base {}
    const { list, find } = Base.prototype;
    expect([memo.of(list, Base), memo.of(list, Base), memo.of(find, Base), memo.of(list, Users), memo.of(list, Users)]).toEqual([
      'Base.list',
      'Base.list',
      'Base.find',
      'Users.list',
      'Users.list',
    ]);
    expect(seen).toEqual(['Base.list', 'Base.find', 'Users.list']);
  });

  it('keeps a computed undefined or false without computing it again', () => {
    let calls = 0;
    const memo = new RouteMemo(() => {
      calls++;
      return undefined;
    });
    const handler = () => undefined;
    memo.of(handler, RouteMemo);
    memo.of(handler, RouteMemo);
    expect(calls).toBe(1);
  });
});
