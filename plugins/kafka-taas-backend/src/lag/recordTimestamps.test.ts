import { RecordsBatch } from '@platformatic/kafka';
import { resolveFromBatches } from './recordTimestamps';

function batch(
  firstOffset: bigint,
  firstTimestamp: number,
  deltas: number[],
  attributes = 0,
): RecordsBatch {
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes,
    lastOffsetDelta: Math.max(...deltas),
    firstTimestamp: BigInt(firstTimestamp),
    maxTimestamp: BigInt(firstTimestamp + 99_000),
    producerId: BigInt(-1),
    producerEpoch: -1,
    firstSequence: -1,
    records: deltas.map(offsetDelta => ({
      length: 0,
      attributes: 0,
      timestampDelta: BigInt(offsetDelta * 1_000),
      offsetDelta,
      key: null,
      value: null,
      headers: [],
    })),
  };
}

describe('resolveFromBatches', () => {
  const big = BigInt(2) ** BigInt(60);

  it('takes the first record at or after each wanted offset, beyond 2^53', () => {
    // Offsets big+0..big+4, but big+2 was compacted away.
    const batches = [batch(big, 5_000, [0, 1, 3, 4])];
    const { found, remaining, progressed } = resolveFromBatches(batches, [
      big + BigInt(1),
      big + BigInt(2),
      big + BigInt(9),
    ]);
    expect(found).toEqual(
      new Map([
        [big + BigInt(1), 6_000],
        [big + BigInt(2), 8_000],
      ]),
    );
    expect(remaining).toEqual([big + BigInt(9)]);
    expect(progressed).toBe(true);
  });

  it('uses the batch time for log-append-time topics and skips control batches', () => {
    const batches = [
      batch(BigInt(10), 1_000, [0], 0x20),
      batch(BigInt(11), 2_000, [0, 1], 0x08),
    ];
    const { found } = resolveFromBatches(batches, [BigInt(10)]);
    expect(found).toEqual(new Map([[BigInt(10), 101_000]]));
  });

  it('gives up on a partition that returned nothing at the wanted offset', () => {
    expect(resolveFromBatches([], [BigInt(3)])).toEqual({
      found: new Map(),
      remaining: [],
      progressed: false,
    });
  });
});
