import { LagAlertRule } from '../config';
import {
  breaches,
  describeRule,
  matchesGlob,
  ruleApplies,
  ruleHolds,
  ruleId,
} from './lagAlerts';
import { LagSample } from './LagHistoryStore';

const MIN = 60_000;

function series(lags: Array<number | [number, number | null]>): LagSample[] {
  return lags.map((value, i) => {
    const [lag, timeLagMs] = Array.isArray(value) ? value : [value, 0];
    return {
      cluster: 'local',
      group: 'g',
      topic: 't',
      atMs: i * MIN,
      totalLag: BigInt(lag),
      timeLagMs,
      status: 'ok',
      members: 1,
      committed: new Map(),
    };
  });
}

const lagRule: LagAlertRule = {
  topic: 'payments.*',
  maxLag: 1000n,
  forMs: 5 * MIN,
};

describe('lag alert rules', () => {
  it('matches exact topic names and globs, and the groups listed', () => {
    expect(matchesGlob('payments.*', 'payments.orders.v1')).toBe(true);
    expect(matchesGlob('payments.*', 'paymentsXorders')).toBe(false);
    expect(matchesGlob('*.v1', 'a.b.v1')).toBe(true);
    expect(matchesGlob('a.b', 'a.b')).toBe(true);
    expect(matchesGlob('a.b', 'aXb')).toBe(false);
    const rule = { ...lagRule, groups: ['billing', 'audit-*'] };
    expect(ruleApplies(rule, 'payments.v1', 'billing')).toBe(true);
    expect(ruleApplies(rule, 'payments.v1', 'audit-eu')).toBe(true);
    expect(ruleApplies(rule, 'payments.v1', 'other')).toBe(false);
    expect(ruleApplies(rule, 'orders.v1', 'billing')).toBe(false);
  });

  it('breaches on lag above maxLag or time lag above maxTimeLag, exactly beyond 2^53', () => {
    const both: LagAlertRule = {
      topic: 't',
      maxLag: 2n ** 60n,
      maxTimeLagMs: 10 * MIN,
      forMs: 0,
    };
    const [atLimit] = series([[0, 10 * MIN]]);
    expect(breaches(both, { ...atLimit, totalLag: 2n ** 60n })).toBe(false);
    expect(breaches(both, { ...atLimit, totalLag: 2n ** 60n + 1n })).toBe(true);
    expect(breaches(both, { ...atLimit, timeLagMs: 10 * MIN + 1 })).toBe(true);
    expect(breaches(both, { ...atLimit, timeLagMs: null })).toBe(false);
  });

  it('holds only when the latest samples breached for the whole `for` period', () => {
    // 1 min apart: 5 min of breach needs 6 breaching samples in a row.
    expect(ruleHolds(lagRule, series([2000, 2000, 2000, 2000, 2000]))).toBe(
      false,
    );
    expect(
      ruleHolds(lagRule, series([2000, 2000, 2000, 2000, 2000, 2000])),
    ).toBe(true);
    expect(
      ruleHolds(lagRule, series([2000, 2000, 2000, 10, 2000, 2000, 2000])),
    ).toBe(false);
    expect(
      ruleHolds(lagRule, series([2000, 2000, 2000, 2000, 2000, 2000, 10])),
    ).toBe(false);
    expect(ruleHolds({ ...lagRule, forMs: 0 }, series([2000]))).toBe(true);
    expect(ruleHolds(lagRule, [])).toBe(false);
  });

  it('describes a rule in words and gives it an id that depends only on its settings', () => {
    expect(describeRule({ ...lagRule, maxTimeLagMs: 10 * MIN })).toBe(
      'lag > 1,000 messages or time lag > 10 min, for 5 min',
    );
    expect(ruleId(lagRule)).toBe(ruleId({ ...lagRule }));
    expect(ruleId(lagRule)).not.toBe(ruleId({ ...lagRule, maxLag: 999n }));
  });
});
