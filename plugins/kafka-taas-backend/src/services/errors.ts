/**
 * Turns an error from @platformatic/kafka (often a MultipleErrors wrapping one error per
 * attempt) into one sentence that says what failed and where, without credentials.
 */
export function describeKafkaError(error: unknown, brokers: string[]): string {
  const leaves = collectLeaves(error);
  const codes = new Set(leaves.map(e => e.code).filter(Boolean));
  const where = brokers.join(', ');
  if (codes.has('ECONNREFUSED')) return `connection refused by ${where}`;
  if (codes.has('ENOTFOUND') || codes.has('EAI_AGAIN'))
    return `cannot resolve ${where}`;
  if (
    codes.has('ETIMEDOUT') ||
    leaves.some(e => /timeout|timed out/i.test(e.message))
  ) {
    return `no answer from ${where} in time`;
  }
  const auth = leaves.find(e => /sasl|authenticat/i.test(e.message));
  if (auth) return `authentication failed on ${where}: ${auth.message}`;
  const message =
    leaves.map(e => e.message).filter(Boolean)[0] ?? String(error);
  return `${message} (${where})`;
}

/** Every message in an error and the errors it wraps, innermost last. */
export function kafkaErrorMessages(error: unknown): string[] {
  return collectLeaves(error).map(e => e.message);
}

type ErrorLike = {
  message: string;
  code?: string;
  errors?: unknown[];
  cause?: unknown;
};

// Duck-typed: errors may come from another realm (Jest's sandbox), where instanceof fails.
function isErrorLike(e: unknown): e is ErrorLike {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ErrorLike).message === 'string'
  );
}

function collectLeaves(error: unknown, depth = 0): ErrorLike[] {
  if (!isErrorLike(error)) return [];
  const nested = [
    ...(error.errors ?? []),
    ...(error.cause ? [error.cause] : []),
  ];
  if (nested.length === 0 || depth > 5) return [error];
  const leaves = nested.flatMap(e => collectLeaves(e, depth + 1));
  return leaves.length ? leaves : [error];
}
