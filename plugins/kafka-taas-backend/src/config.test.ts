import { JsonValue } from '@backstage/types';
import { ConfigReader } from '@backstage/config';
import { readClusterConfigs, readLagConfig } from './config';

const read = (clusters: JsonValue[]) =>
  readClusterConfigs(new ConfigReader({ kafkaTaas: { clusters } }));
const base = { name: 'dev-eu', environment: 'dev', brokers: ['kafka-1:9092'] };

describe('readClusterConfigs', () => {
  it('reads a cluster with defaults', () => {
    expect(read([base])).toEqual([
      {
        ...base,
        clientId: 'backstage-kafka-taas',
        requestTimeoutMs: 10000,
        tls: undefined,
        sasl: undefined,
        schemaRegistry: undefined,
      },
    ]);
  });

  it('reads SASL, TLS and the schema registry', () => {
    const [c] = read([
      {
        ...base,
        tls: { ca: 'PEM', rejectUnauthorized: true },
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' },
        schemaRegistry: {
          url: 'http://r:8081/apis/ccompat/v7/',
          username: 'ru',
          password: 'rp',
        },
      },
    ]);
    expect(c.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'u',
      password: 'p',
    });
    expect(c.tls).toMatchObject({ ca: 'PEM', rejectUnauthorized: true });
    expect(c.schemaRegistry).toEqual({
      url: 'http://r:8081/apis/ccompat/v7',
      username: 'ru',
      password: 'rp',
    });
    expect(read([{ ...base, tls: true }])[0].tls).toEqual({});
    expect(read([{ ...base, tls: false }])[0].tls).toBeUndefined();
  });

  it('reads OAUTHBEARER with a fixed token or client credentials', () => {
    expect(
      read([{ ...base, sasl: { mechanism: 'oauthbearer', token: 't' } }])[0]
        .sasl,
    ).toEqual({
      mechanism: 'oauthbearer',
      token: 't',
    });
    const oauth = {
      tokenEndpoint: 'https://idp/token',
      clientId: 'c',
      clientSecret: 's',
    };
    expect(
      read([{ ...base, sasl: { mechanism: 'oauthbearer', oauth } }])[0].sasl,
    ).toEqual({
      mechanism: 'oauthbearer',
      oauth: { ...oauth, scope: undefined },
    });
  });

  it.each([
    [
      { ...base, name: 'Dev EU' },
      'kafkaTaas.clusters[0].name "Dev EU" is not allowed',
    ],
    [{ ...base, brokers: [] }, 'kafkaTaas.clusters[0].brokers is empty'],
    [
      { ...base, brokers: ['kafka-1'] },
      'brokers entry "kafka-1" is not host:port',
    ],
    [
      { ...base, sasl: { mechanism: 'gssapi' } },
      'sasl.mechanism "gssapi" is not supported: use one of plain, scram-sha-256, scram-sha-512, oauthbearer',
    ],
    [
      { ...base, sasl: { mechanism: 'oauthbearer' } },
      'needs either token or oauth',
    ],
    [
      { ...base, sasl: { mechanism: 'plain', username: 'u' } },
      "Missing required config value at 'kafkaTaas.clusters[0].sasl.password'",
    ],
  ])('refuses %j', (cluster, message) => {
    expect(() => read([cluster])).toThrow(message);
  });

  it('refuses two clusters with the same name', () => {
    expect(() => read([base, base])).toThrow(
      'kafkaTaas.clusters[1].name "dev-eu" is used by two clusters; names must be unique',
    );
  });
});

describe('readLagConfig', () => {
  const lag = (value: JsonValue) =>
    readLagConfig(new ConfigReader({ kafkaTaas: { lag: value } }));

  it('applies the defaults, leaving the status options to lagStatus', () => {
    expect(readLagConfig(new ConfigReader({}))).toEqual({
      cacheTtlMs: 2_000,
      fetchTimeoutMs: 1_000,
      maxFetchRounds: 3,
      windowSize: 10,
      status: {},
      sampleIntervalMs: 60_000,
      historyRetentionMs: 86_400_000,
      alerts: [],
    });
  });

  it('reads durations as strings, ISO 8601 or objects', () => {
    expect(
      lag({
        cacheTtl: '0ms',
        timeLag: { fetchTimeout: { milliseconds: 250 }, maxFetchRounds: 5 },
        status: {
          windowSize: 20,
          stallAfterSamples: 4,
          stopAfter: 'PT10M',
          minSamples: 3,
        },
      }),
    ).toEqual({
      cacheTtlMs: 0,
      fetchTimeoutMs: 250,
      maxFetchRounds: 5,
      windowSize: 20,
      status: { stallAfterSamples: 4, stopAfterMs: 600_000, minSamples: 3 },
      sampleIntervalMs: 60_000,
      historyRetentionMs: 86_400_000,
      alerts: [],
    });
  });

  it('reads the sampler settings and the alert rules, with their default `for`', () => {
    const sampler = lag({
      sampleInterval: '30s',
      historyRetention: 'P2D',
      alerts: [
        { topic: 'payments.*', maxLag: 1000 },
        {
          topic: 'orders.v1',
          maxLag: '9223372036854775807',
          maxTimeLag: '10m',
          for: { minutes: 1 },
          groups: ['billing', 'audit-*'],
        },
      ],
    });
    expect(sampler.sampleIntervalMs).toBe(30_000);
    expect(sampler.historyRetentionMs).toBe(2 * 86_400_000);
    expect(sampler.alerts).toEqual([
      { topic: 'payments.*', maxLag: 1000n, forMs: 300_000 },
      {
        topic: 'orders.v1',
        maxLag: 2n ** 63n - 1n,
        maxTimeLagMs: 600_000,
        forMs: 60_000,
        groups: ['billing', 'audit-*'],
      },
    ]);
  });

  it.each([
    [{ cacheTtl: 'soon' }, 'kafkaTaas.lag.cacheTtl is not a duration ('],
    [
      { status: { stopAfter: '0s' } },
      'kafkaTaas.lag.status.stopAfter must be longer than 0, e.g. "5m"',
    ],
    [
      { status: { stallAfterSamples: 1 } },
      'kafkaTaas.lag.status.stallAfterSamples is 1: use a whole number of at least 2',
    ],
    [
      { timeLag: { maxFetchRounds: 0.5 } },
      'kafkaTaas.lag.timeLag.maxFetchRounds is 0.5: use a whole number of at least 1',
    ],
    [
      { timeLag: { fetchTimeout: '0ms' } },
      'kafkaTaas.lag.timeLag.fetchTimeout must be longer than 0, e.g. "1s"',
    ],
    [
      { sampleInterval: '500ms' },
      'kafkaTaas.lag.sampleInterval must be at least 1 second, e.g. "1m"',
    ],
    [
      { sampleInterval: '5m', historyRetention: '1m' },
      'kafkaTaas.lag.historyRetention must be at least kafkaTaas.lag.sampleInterval (300000 ms), e.g. "24h"',
    ],
    [
      { alerts: [{ topic: 'payments/*', maxLag: 5 }] },
      'kafkaTaas.lag.alerts[0].topic "payments/*" is not a topic name or glob: use letters, digits, ".", "_", "-" and "*"',
    ],
    [
      { alerts: [{ topic: 'payments.*' }] },
      'kafkaTaas.lag.alerts[0] (topic payments.*) sets no threshold: set maxLag (messages), maxTimeLag (a duration such as "10m"), or both',
    ],
    [
      { alerts: [{ topic: 'a', maxLag: 1.5 }] },
      'kafkaTaas.lag.alerts[0].maxLag is 1.5: use a whole number of messages of at least 0, e.g. 1000',
    ],
    [
      {
        alerts: [
          { topic: 'a', maxLag: 1 },
          { topic: 'b', maxTimeLag: 'soon' },
        ],
      },
      'kafkaTaas.lag.alerts[1].maxTimeLag is not a duration (',
    ],
    [
      { alerts: [{ topic: 'a', maxTimeLag: '0s' }] },
      'kafkaTaas.lag.alerts[0].maxTimeLag must be longer than 0, e.g. "10m"',
    ],
  ])('refuses %j', (value, message) => {
    expect(() => lag(value)).toThrow(message);
  });
});
