import { ResponseError } from '@backstage/errors';

/**
 * An exact decimal integer (`"9007199254740993"`) with thousands separators
 * (`"9,007,199,254,740,993"`), by string: lags are 64-bit and a JS number would round them.
 * Anything that is not a decimal integer is returned as it is.
 */
export function formatExactInteger(value: string): string {
  const match = /^(-?)(\d+)$/.exec(value.trim());
  if (!match) return value;
  const [, sign, digits] = match;
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  const groups: string[] = [];
  for (let end = trimmed.length; end > 0; end -= 3) {
    groups.unshift(trimmed.slice(Math.max(0, end - 3), end));
  }
  return `${sign}${groups.join(',')}`;
}

const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

/**
 * A time lag for people: its two largest units (`"3 min 20 s"`, `"2 h 5 min"`, `"1 d"`),
 * `"850 ms"` below a second, `"0 s"` when caught up, `"unknown"` without one.
 */
export function formatTimeLag(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return 'unknown';
  if (ms === 0) return '0 s';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const parts: string[] = [];
  let rest = Math.floor(ms);
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count} ${unit}`);
    if (parts.length === 2) break;
  }
  return parts.filter(p => !p.startsWith('0 ')).join(' ');
}

/** `"Stable, 3 members"`, `"Empty, no members"`. */
export function formatGroupState(state: string, members: number): string {
  if (members === 0) return `${state}, no members`;
  return `${state}, ${members} ${members === 1 ? 'member' : 'members'}`;
}

/** The HTTP status of a failed backend call, when it was one. */
export function statusOf(error: Error): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}
