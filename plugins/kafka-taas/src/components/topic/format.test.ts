import { formatByteRate, formatRetention, quotaLines, whoCan } from './format';

describe('topic formatting', () => {
  it('humanizes retention.ms, keeping what it cannot read', () => {
    expect(formatRetention('604800000')).toBe('7 d');
    expect(formatRetention('3600000')).toBe('1 h');
    expect(formatRetention('-1')).toBe('unlimited');
    expect(formatRetention(null)).toBe('unknown');
    expect(formatRetention('99999999999999999999')).toBe(
      '99999999999999999999',
    );
  });

  it('humanizes byte rates in binary units', () => {
    expect(formatByteRate(900)).toBe('900 bytes/s');
    expect(formatByteRate(1536)).toBe('1.5 KiB/s');
    expect(formatByteRate(52_428_800)).toBe('50 MiB/s');
  });

  it('names unset quotas unlimited and keeps unknown ones by their Kafka name', () => {
    expect(
      quotaLines({
        principal: 'User:x',
        values: { request_percentage: 25, controller_mutation_rate: 5 },
      }).map(l => `${l.label}: ${l.value}`),
    ).toEqual([
      'Produce: unlimited',
      'Consume: unlimited',
      'Request time: 25%',
      'controller_mutation_rate: 5',
    ]);
  });

  it('counts ALL as read and write, and leaves out principals a DENY names', () => {
    const acl = (
      principal: string,
      operation: string,
      permissionType: string,
    ) => ({
      resourceName: 't',
      patternType: 'LITERAL' as const,
      principal,
      host: '*',
      operation,
      permissionType,
    });
    expect(
      whoCan([
        acl('User:a', 'ALL', 'ALLOW'),
        acl('User:b', 'READ', 'ALLOW'),
        acl('User:b', 'READ', 'DENY'),
        acl('User:c', 'DESCRIBE', 'ALLOW'),
      ]),
    ).toEqual({ read: ['User:a'], write: ['User:a'] });
  });
});
