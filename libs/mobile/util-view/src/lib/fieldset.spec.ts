import { applyFieldset, parseFieldset, UnknownFieldError } from './fieldset';

const catalogue = { user: ['id', 'name'], orders: ['id', 'total', 'status'] };
const answer = {
  user: { id: 'u-1', name: 'Ada' },
  orders: [
    { id: 'o-1', total: 5, status: 'paid' },
    { id: 'o-2', total: 7, status: 'shipped' },
  ],
  meta: { degraded: [] },
};

describe('sparse fieldsets', () => {
  it('keeps a whole section, or only the asked fields of each item, and always meta', () => {
    expect(applyFieldset(answer, parseFieldset('user,orders.id, orders.total', catalogue))).toEqual({
      user: { id: 'u-1', name: 'Ada' },
      orders: [
        { id: 'o-1', total: 5 },
        { id: 'o-2', total: 7 },
      ],
      meta: { degraded: [] },
    });
  });

  it('leaves out sections not asked for', () => {
    expect(applyFieldset(answer, parseFieldset('user.name', catalogue))).toEqual({ user: { name: 'Ada' }, meta: { degraded: [] } });
  });

  it('lets a whole section win over its fields', () => {
    expect(parseFieldset('orders.id,orders', catalogue).get('orders')).toBe(true);
  });

  it.each(['password', 'user.email', 'user.name.first', '', 'toString', 'orders.'])('refuses %j', (fields) => {
    expect(() => parseFieldset(fields, catalogue)).toThrow(UnknownFieldError);
  });
});
