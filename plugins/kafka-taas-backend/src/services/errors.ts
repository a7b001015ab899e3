/**
 * Turns an error from @platformatic/kafka (often a MultipleErrors wrapping one error per
 * attempt) into one sentence that says what failed and where, without credentials.
 */
export function describeKafkaError(error: unknown, brokers: string[]): string {
  const leaves = collectLeaves(error);
  const codes = new Set(leaves.map(e => (e as { code?: string }).code).filter(Boolean));
  const where = brokers.join(', ');
  if (codes.has('ECONNREFUSED')) return `connection refused by ${where}`;
  if (codes.has('ENOTFOUND') || codes.has('EAI_AGAIN')) return `cannot resolve ${where}`;
  if (codes.has('ETIMEDOUT') || leaves.some(e => /timeout|timed out/i.test(e.message))) {
    return `no answer from ${where} in time`;
  }
  const auth = leaves.find(e => /sasl|authenticat/i.test(e.message));
  if (auth) return `authentication failed on ${where}: ${auth.message}`;
  const message = leaves.map(e => e.message).filter(Boolean)[0] ?? String(error);
  return `${message} (${where})`;
}

/** Every message in an error and the errors it wraps, innermost last. */
export function kafkaErrorMessages(error: unknown): string[] {
  return collectLeaves(error).map(e => e.message);
}

function collectLeaves(error: unknown, depth = 0): Error[] {
  if (!(error instanceof Error) || depth > 5) return error instanceof Error ? [error] : [];
  const nested = [
    ...((error as { errors?: unknown[] }).errors ?? []),
    ...((error as { cause?: unknown }).cause ? [(error as { cause?: unknown }).cause] : []),
  ];
  if (nested.length === 0) return [error];
  return nested.flatMap(e => collectLeaves(e, depth + 1));
}
