import { Bulkhead } from './bulkhead';

describe('Bulkhead', () => {
  it('admits up to max at once, refuses more, and admits again once a slot is released', () => {
    const bulkhead = new Bulkhead(2);
    expect([bulkhead.tryAcquire(), bulkhead.tryAcquire(), bulkhead.tryAcquire()]).toEqual([true, true, false]);
    expect(bulkhead.inFlight).toBe(2);
    bulkhead.release();
    expect(bulkhead.tryAcquire()).toBe(true);
  });
});
