/** One line of a line diff: in both texts, only in the new one, or only in the old one. */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/**
 * The lines of `to` against those of `from`, in order: a longest-common-subsequence line diff,
 * removed lines before the added lines that replace them. Schemas are at most a few thousand
 * lines, where the quadratic table is small.
 */
export function lineDiff(from: string, to: string): DiffLine[] {
  const a = from.split('\n');
  const b = to.split('\n');
  const width = b.length + 1;
  // lcs[i * width + j]: the length of the longest common subsequence of a[i..] and b[j..].
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1] + 1
          : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      out.push({ kind: 'removed', text: a[i++] });
    } else {
      out.push({ kind: 'added', text: b[j++] });
    }
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++] });
  while (j < b.length) out.push({ kind: 'added', text: b[j++] });
  return out;
}

/**
 * The schema text as people read it: JSON (Avro, JSON Schema) indented by two spaces, anything
 * else (protobuf, or JSON that does not parse) as registered.
 */
export function prettySchema(schemaType: string, schema: string): string {
  if (schemaType.toUpperCase() === 'PROTOBUF') return schema;
  try {
    return JSON.stringify(JSON.parse(schema), null, 2);
  } catch {
    return schema;
  }
}

/** The highlighter's language for a registry schema type. */
export function schemaLanguage(schemaType: string): 'json' | 'protobuf' {
  return schemaType.toUpperCase() === 'PROTOBUF' ? 'protobuf' : 'json';
}
