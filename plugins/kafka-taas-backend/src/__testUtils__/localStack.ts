import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { Admin, alterUserScramCredentialsV0 } from '@platformatic/kafka';

/**
 * Where the local Kafka and Apicurio Registry started by `scripts/local-stack.sh` listen.
 * `scripts/test.sh` exports these for its own stack; the defaults are the dev stack's ports.
 */
export function localStack() {
  const env = process.env;
  const host = '127.0.0.1';
  return {
    plaintextBrokers: [`${host}:${env.KAFKA_PORT ?? 9092}`],
    saslBrokers: [`${host}:${env.KAFKA_SASL_PORT ?? 9094}`],
    admin: {
      username: 'admin',
      password: env.KAFKA_ADMIN_PASSWORD ?? 'admin-secret',
    },
    registryUrl: `http://${host}:${env.REGISTRY_PORT ?? 8081}/apis/ccompat/v7`,
  };
}

/** app-config for a kafkaTaas cluster on the local stack's SASL listener, as the admin. */
export function localClusterConfig(name = 'local', environment = 'dev') {
  const stack = localStack();
  return {
    name,
    environment,
    brokers: stack.saslBrokers,
    requestTimeoutMs: 5_000,
    sasl: { mechanism: 'scram-sha-512', ...stack.admin },
    schemaRegistry: { url: stack.registryUrl },
  };
}

/** A name no earlier test run has used, for topics, subjects and users. */
export function uniqueName(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString(
    'hex',
  )}`;
}

/**
 * Creates (or replaces) a SCRAM-SHA-512 user on the local broker, through the admin on the
 * PLAINTEXT listener. The broker stores only the salted password, computed here as RFC 5802 says.
 */
export async function upsertScramUser(username: string, password: string) {
  const admin = new Admin({
    clientId: 'test-scram',
    bootstrapBrokers: localStack().plaintextBrokers,
  });
  try {
    const connections = await admin.connectToBrokers();
    const connection = [...connections.values()][0];
    const iterations = 4096;
    const salt = randomBytes(32);
    const saltedPassword = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
    const response = await alterUserScramCredentialsV0.api.async(
      connection,
      [],
      [
        {
          name: username,
          mechanism: 2 /* SCRAM-SHA-512 */,
          iterations,
          salt,
          saltedPassword,
        },
      ],
    );
    const failed = response.results.find(r => r.errorCode !== 0);
    if (failed)
      throw new Error(
        `could not create SCRAM user ${username}: ${failed.errorMessage}`,
      );
  } finally {
    await admin.close();
  }
}

/** Client options for a SCRAM-SHA-512 user on the local stack's SASL listener. */
export function localSaslClient(username: string, password: string) {
  return {
    bootstrapBrokers: localStack().saslBrokers,
    sasl: { mechanism: 'SCRAM-SHA-512' as const, username, password },
  };
}

/**
 * Retries a check until it stops throwing, then returns its result. For what the broker applies
 * asynchronously: ACLs and quotas reach the broker's metadata image a moment after the call.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}
