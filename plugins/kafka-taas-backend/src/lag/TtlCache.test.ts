import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  let now = 0;
  const cache = () => new TtlCache<number>({ ttlMs: 2_000, now: () => now });

  beforeEach(() => {
    now = 1_000;
  });

  it('shares one read in flight between concurrent callers', async () => {
    const c = cache();
    let loads = 0;
    let release: (v: number) => void = () => {};
    const load = () => {
      loads++;
      return new Promise<number>(resolve => {
        release = resolve;
      });
    };
    const first = c.get('k', load);
    const second = c.get('k', load);
    release(7);
    await expect(Promise.all([first, second])).resolves.toEqual([7, 7]);
    expect(loads).toBe(1);
  });

  it('serves a settled read until its TTL ends, then reads again', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await c.get('k', load)).toBe(1);
    now += 1_999;
    expect(await c.get('k', load)).toBe(1);
    now += 1;
    expect(await c.get('k', load)).toBe(2);
    expect(await c.get('other', load)).toBe(3);
  });

  it('forgets a failed read so the next caller tries again', async () => {
    const c = cache();
    await expect(
      c.get('k', async () => {
        throw new Error('broker down');
      }),
    ).rejects.toThrow('broker down');
    expect(await c.get('k', async () => 5)).toBe(5);
  });
});
