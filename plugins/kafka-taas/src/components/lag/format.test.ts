import { formatExactInteger, formatGroupState, formatTimeLag } from './format';
import { scaleLags } from './LagSparkline';

describe('formatExactInteger', () => {
  it('groups digits by thousands without losing precision beyond 2^53', () => {
    expect(formatExactInteger('9007199254740993')).toBe(
      '9,007,199,254,740,993',
    );
    expect(formatExactInteger('9223372036854775807')).toBe(
      '9,223,372,036,854,775,807',
    );
  });

  it('leaves short numbers, zero and negatives readable', () => {
    expect(formatExactInteger('0')).toBe('0');
    expect(formatExactInteger('999')).toBe('999');
    expect(formatExactInteger('1000')).toBe('1,000');
    expect(formatExactInteger('-1234567')).toBe('-1,234,567');
    expect(formatExactInteger('000123')).toBe('123');
  });

  it('returns what is not a decimal integer unchanged', () => {
    expect(formatExactInteger('n/a')).toBe('n/a');
  });
});

describe('formatTimeLag', () => {
  it('shows the two largest units', () => {
    expect(formatTimeLag(200_000)).toBe('3 min 20 s');
    expect(formatTimeLag(2 * 3_600_000 + 5 * 60_000 + 7_000)).toBe('2 h 5 min');
    expect(formatTimeLag(86_400_000 + 3_600_000)).toBe('1 d 1 h');
    expect(formatTimeLag(45_000)).toBe('45 s');
    expect(formatTimeLag(3_600_000 + 5_000)).toBe('1 h');
  });

  it('says caught up, sub-second and unknown time lags plainly', () => {
    expect(formatTimeLag(0)).toBe('0 s');
    expect(formatTimeLag(850)).toBe('850 ms');
    expect(formatTimeLag(null)).toBe('unknown');
  });
});

describe('formatGroupState', () => {
  it('names the state and counts members', () => {
    expect(formatGroupState('Stable', 3)).toBe('Stable, 3 members');
    expect(formatGroupState('Stable', 1)).toBe('Stable, 1 member');
    expect(formatGroupState('Empty', 0)).toBe('Empty, no members');
  });
});

describe('scaleLags', () => {
  it('places 64-bit lags between the least and greatest exactly', () => {
    expect(
      scaleLags(['9007199254740992', '9007199254740993', '9007199254740994']),
    ).toEqual([0, 500, 1000]);
    expect(scaleLags(['5', '5'])).toEqual([0, 0]);
  });
});
