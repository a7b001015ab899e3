import { ConfigReader } from '@backstage/config';
import { isListedTopic, readTopicExclusions } from './config';

describe('topic exclusions', () => {
  it('leaves out internal topics and the configured patterns', () => {
    const exclude = readTopicExclusions(
      new ConfigReader({
        kafkaTaas: { topics: { exclude: ['^connect-', '\\.tmp$'] } },
      }),
    );
    expect(
      [
        '__consumer_offsets',
        '__transaction_state',
        '_schemas',
        '_confluent-metrics',
        'connect-offsets',
        'banking.payments.authorized',
        'banking.payments.replay.tmp',
        'analytics.connect-events',
      ].filter(name => isListedTopic(name, exclude)),
    ).toEqual(['banking.payments.authorized', 'analytics.connect-events']);
  });

  it('refuses an invalid pattern at start-up, naming the key and the pattern', () => {
    expect(() =>
      readTopicExclusions(
        new ConfigReader({ kafkaTaas: { topics: { exclude: ['ok', '(['] } } }),
      ),
    ).toThrow(
      /kafkaTaas\.topics\.exclude\[1\] "\(\[" is not a valid regular expression/,
    );
  });

  it('excludes nothing but internal topics when unset', () => {
    const exclude = readTopicExclusions(new ConfigReader({}));
    expect(exclude).toEqual([]);
    expect(isListedTopic('tmp.anything', exclude)).toBe(true);
  });
});
