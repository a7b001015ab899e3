import { lineDiff, prettySchema, schemaLanguage } from './lineDiff';

describe('lineDiff', () => {
  it('keeps equal texts as unchanged lines', () => {
    expect(lineDiff('a\nb', 'a\nb')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'same', text: 'b' },
    ]);
  });

  it('marks an inserted line as added and keeps the lines around it', () => {
    expect(lineDiff('a\nc', 'a\nb\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'added', text: 'b' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('marks a deleted line as removed', () => {
    expect(lineDiff('a\nb\nc', 'a\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('shows a changed line as the old one removed, then the new one added', () => {
    expect(lineDiff('a\n  "x": 1\nc', 'a\n  "x": 2\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: '  "x": 1' },
      { kind: 'added', text: '  "x": 2' },
      { kind: 'same', text: 'c' },
    ]);
  });

  it('keeps the longest common run when lines move', () => {
    const diff = lineDiff('a\nb\nc\nd', 'b\nc\nd\na');
    expect(diff.filter(l => l.kind === 'same').map(l => l.text)).toEqual([
      'b',
      'c',
      'd',
    ]);
    expect(diff).toEqual([
      { kind: 'removed', text: 'a' },
      { kind: 'same', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'same', text: 'd' },
      { kind: 'added', text: 'a' },
    ]);
  });

  it('handles one side empty', () => {
    expect(lineDiff('', 'x')).toEqual([
      { kind: 'removed', text: '' },
      { kind: 'added', text: 'x' },
    ]);
    expect(lineDiff('x\ny', 'x')).toEqual([
      { kind: 'same', text: 'x' },
      { kind: 'removed', text: 'y' },
    ]);
  });

  it('diffs a schema of 2,000 lines quickly', () => {
    const from = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    const to = [...from];
    to.splice(1000, 1, 'changed');
    const started = Date.now();
    const diff = lineDiff(from.join('\n'), to.join('\n'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(diff.filter(l => l.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'line 1000' },
      { kind: 'added', text: 'changed' },
    ]);
  });
});

describe('prettySchema', () => {
  it('indents Avro and JSON Schema texts', () => {
    expect(prettySchema('AVRO', '{"type":"string"}')).toBe(
      '{\n  "type": "string"\n}',
    );
    expect(prettySchema('JSON', '{"type":"object"}')).toBe(
      '{\n  "type": "object"\n}',
    );
  });

  it('keeps protobuf and unparsable texts as registered', () => {
    const proto = 'syntax = "proto3";\nmessage A { string id = 1; }';
    expect(prettySchema('PROTOBUF', proto)).toBe(proto);
    expect(prettySchema('AVRO', '"string')).toBe('"string');
  });

  it('highlights protobuf as protobuf and the rest as JSON', () => {
    expect(schemaLanguage('PROTOBUF')).toBe('protobuf');
    expect(schemaLanguage('AVRO')).toBe('json');
    expect(schemaLanguage('JSON')).toBe('json');
  });
});
