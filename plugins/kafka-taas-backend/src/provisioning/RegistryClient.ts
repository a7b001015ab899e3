import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { CompatibilityLevel } from '@kafka-taas/plugin-kafka-taas-common';
import { SchemaType as RegistrySchemaType } from '@kafkajs/confluent-schema-registry';
import { KafkaClientPool } from '../services/KafkaClientPool';
import { ParsedSchemaType } from './schemaParsers';

/** A schema as the Confluent API takes it. */
export interface RegistrySchema {
  type: ParsedSchemaType;
  /** The schema text: Avro JSON, a JSON Schema or a .proto file. */
  schema: string;
}

/** One version of a subject, as `GET /subjects/{subject}/versions/{version}` returns it. */
export interface RegistrySchemaVersion {
  subject: string;
  version: number;
  id: number;
  /** AVRO, JSON or PROTOBUF. */
  schemaType: string;
  schema: string;
  /** The schemas it imports, as the registry lists them; absent when it lists none. */
  references?: Array<{ name: string; subject: string; version: number }>;
}

const REGISTRY_TYPES: Record<ParsedSchemaType, RegistrySchemaType> = {
  avro: RegistrySchemaType.AVRO,
  json: RegistrySchemaType.JSON,
  protobuf: RegistrySchemaType.PROTOBUF,
};

/** The registry answered with an error status; `errorCode` is the Confluent `error_code`. */
export class RegistryError extends Error {
  readonly status: number;
  readonly errorCode?: number;

  constructor(message: string, status: number, errorCode?: number) {
    super(message);
    this.name = 'RegistryError';
    this.status = status;
    this.errorCode = errorCode;
  }

  /** 404 with 40401 (no such subject), 40402 (no such version) or 40403 (schema not found). */
  get notFound(): boolean {
    return this.status === 404;
  }
}

/**
 * The few Confluent schema-registry calls provisioning needs, over fetch. Why not the pooled
 * @kafkajs/confluent-schema-registry client: its `register` re-parses the schema with its own
 * Ajv (draft-07 only, so a 2020-12 JSON Schema that passed our checks fails there), and it has
 * no typed call for subject config or compatibility. Errors name the registry URL, never
 * its credentials.
 */
export class RegistryClient {
  readonly #base: string;
  readonly #authorization?: string;
  readonly #timeoutMs: number;
  /** The registry URL without credentials, for messages. */
  readonly url: string;

  static forCluster(pool: KafkaClientPool, cluster: string): RegistryClient {
    const config = pool.cluster(cluster);
    if (!config.schemaRegistry) {
      throw new NotFoundError(
        `Kafka cluster "${cluster}" has no schema registry: set kafkaTaas.clusters[].schemaRegistry.url`,
      );
    }
    return new RegistryClient({
      ...config.schemaRegistry,
      timeoutMs: config.requestTimeoutMs,
    });
  }

  private constructor(options: {
    url: string;
    username?: string;
    password?: string;
    timeoutMs: number;
  }) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs;
    if (options.username) {
      const token = Buffer.from(
        `${options.username}:${options.password ?? ''}`,
      ).toString('base64');
      this.#authorization = `Basic ${token}`;
    }
    const display = new URL(this.#base);
    display.username = '';
    display.password = '';
    this.url = display.toString().replace(/\/+$/, '');
  }

  /** Sets the subject's compatibility level (`PUT /config/{subject}`). */
  async setCompatibility(
    subject: string,
    level: CompatibilityLevel,
  ): Promise<void> {
    await this.#request('PUT', `/config/${encodeURIComponent(subject)}`, {
      compatibility: level,
    });
  }

  /** The level the registry applies to the subject: its own, else the global default. */
  async compatibility(subject: string): Promise<string> {
    const own = await this.#request(
      'GET',
      `/config/${encodeURIComponent(subject)}`,
    ).catch((error: unknown) => {
      if (error instanceof RegistryError && error.notFound) return undefined;
      throw error;
    });
    const config = own ?? (await this.#request('GET', '/config'));
    // Confluent answers `compatibilityLevel` on GET and `compatibility` on PUT; Apicurio
    // always `compatibilityLevel`.
    const { compatibilityLevel, compatibility } = config as {
      compatibilityLevel?: unknown;
      compatibility?: unknown;
    };
    return String(compatibilityLevel ?? compatibility ?? 'unknown');
  }

  /** Every subject the registry lists (`GET /subjects`). */
  async subjects(): Promise<string[]> {
    const body = await this.#request('GET', '/subjects');
    return Array.isArray(body)
      ? body.filter((s): s is string => typeof s === 'string')
      : [];
  }

  /** The subject's latest version with its schema text; undefined when the subject has none. */
  async latestVersion(
    subject: string,
  ): Promise<RegistrySchemaVersion | undefined> {
    let body: unknown;
    try {
      body = await this.#request(
        'GET',
        `/subjects/${encodeURIComponent(subject)}/versions/latest`,
      );
    } catch (error) {
      if (error instanceof RegistryError && error.notFound) return undefined;
      throw error;
    }
    return this.#schemaVersion(
      subject,
      body,
      `reading the latest version of subject "${subject}"`,
    );
  }

  /**
   * One version of the subject with its schema text and references
   * (`GET /subjects/{subject}/versions/{version}`); a RegistryError that is `notFound` when the
   * subject or the version does not exist.
   */
  async version(
    subject: string,
    version: number,
  ): Promise<RegistrySchemaVersion> {
    const body = await this.#request(
      'GET',
      `/subjects/${encodeURIComponent(subject)}/versions/${version}`,
    );
    return this.#schemaVersion(
      subject,
      body,
      `reading version ${version} of subject "${subject}"`,
    );
  }

  #schemaVersion(
    subject: string,
    body: unknown,
    what: string,
  ): RegistrySchemaVersion {
    const { schema, schemaType, references } = (body ?? {}) as {
      schema?: unknown;
      schemaType?: unknown;
      references?: unknown;
    };
    if (typeof schema !== 'string') {
      throw new Error(
        `Schema registry ${
          this.url
        } gave no schema when ${what}: ${JSON.stringify(body)}`,
      );
    }
    const listed = Array.isArray(references)
      ? references.filter(
          (r): r is { name: string; subject: string; version: number } =>
            typeof r === 'object' &&
            r !== null &&
            typeof r.name === 'string' &&
            typeof r.subject === 'string' &&
            typeof r.version === 'number',
        )
      : [];
    return {
      subject,
      version: this.#number(body, 'version', what),
      id: this.#number(body, 'id', what),
      // The Confluent API leaves out schemaType for Avro, its default.
      schemaType: typeof schemaType === 'string' ? schemaType : 'AVRO',
      schema,
      ...(listed.length > 0 && {
        references: listed.map(({ name, subject: s, version }) => ({
          name,
          subject: s,
          version,
        })),
      }),
    };
  }

  /** The subject's version numbers; empty when the subject has none (40401). */
  async versions(subject: string): Promise<number[]> {
    try {
      const body = await this.#request(
        'GET',
        `/subjects/${encodeURIComponent(subject)}/versions`,
      );
      return Array.isArray(body)
        ? body.filter((v): v is number => typeof v === 'number')
        : [];
    } catch (error) {
      if (error instanceof RegistryError && error.notFound) return [];
      throw error;
    }
  }

  /**
   * Soft-deletes the subject (`DELETE /subjects/{subject}`): the registry keeps its versions
   * but the subject no longer lists. Returns the versions deleted; none when it was not there.
   */
  async deleteSubject(subject: string): Promise<number[]> {
    try {
      const body = await this.#request(
        'DELETE',
        `/subjects/${encodeURIComponent(subject)}`,
      );
      return Array.isArray(body)
        ? body.filter((v): v is number => typeof v === 'number')
        : [];
    } catch (error) {
      if (error instanceof RegistryError && error.notFound) return [];
      throw error;
    }
  }

  /** Registers the schema under the subject; returns its id. Registering the same schema again returns the same id. */
  async register(subject: string, schema: RegistrySchema): Promise<number> {
    const body = await this.#request(
      'POST',
      `/subjects/${encodeURIComponent(subject)}/versions`,
      this.#schemaBody(schema),
    );
    return this.#number(
      body,
      'id',
      `registering a schema under subject "${subject}"`,
    );
  }

  /** The id and version of this exact schema under the subject, if it is registered there. */
  async lookup(
    subject: string,
    schema: RegistrySchema,
  ): Promise<{ id: number; version: number } | undefined> {
    try {
      const body = await this.#request(
        'POST',
        `/subjects/${encodeURIComponent(subject)}`,
        this.#schemaBody(schema),
      );
      const what = `looking up a schema under subject "${subject}"`;
      return {
        id: this.#number(body, 'id', what),
        version: this.#number(body, 'version', what),
      };
    } catch (error) {
      if (error instanceof RegistryError && error.notFound) return undefined;
      throw error;
    }
  }

  /** Whether the registry accepts the schema as the subject's next version, under the subject's compatibility level. */
  async isCompatibleWithLatest(
    subject: string,
    schema: RegistrySchema,
  ): Promise<boolean> {
    const body = await this.#request(
      'POST',
      `/compatibility/subjects/${encodeURIComponent(subject)}/versions/latest`,
      this.#schemaBody(schema),
    );
    const { is_compatible: compatible } = body as { is_compatible?: unknown };
    if (typeof compatible !== 'boolean') {
      throw new Error(
        `Schema registry ${
          this.url
        } gave no is_compatible for subject "${subject}": ${JSON.stringify(
          body,
        )}`,
      );
    }
    return compatible;
  }

  #schemaBody(schema: RegistrySchema) {
    // Avro is the API's default type; Confluent before 5.5 rejects an explicit schemaType.
    return schema.type === 'avro'
      ? { schema: schema.schema }
      : { schemaType: REGISTRY_TYPES[schema.type], schema: schema.schema };
  }

  #number(body: unknown, key: string, what: string): number {
    const value =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)[key]
        : undefined;
    if (typeof value !== 'number') {
      throw new Error(
        `Schema registry ${
          this.url
        } gave no ${key} when ${what}: ${JSON.stringify(body)}`,
      );
    }
    return value;
  }

  async #request(
    method: string,
    path: string,
    body?: object,
  ): Promise<unknown> {
    const headers: Record<string, string> = {
      accept: 'application/vnd.schemaregistry.v1+json, application/json',
    };
    if (body)
      headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
    if (this.#authorization) headers.authorization = this.#authorization;

    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `Schema registry ${
          this.url
        } is unreachable (${method} ${path}): ${networkReason(
          error,
          this.#timeoutMs,
        )}`,
      );
    }

    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const { message, error_code: errorCode } = (json ?? {}) as {
        message?: unknown;
        error_code?: unknown;
      };
      const detail =
        typeof message === 'string'
          ? message
          : text.slice(0, 300) || response.statusText;
      throw new RegistryError(
        `Schema registry ${this.url} answered ${response.status} to ${method} ${path}: ${detail}`,
        response.status,
        typeof errorCode === 'number' ? errorCode : undefined,
      );
    }
    return json;
  }
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as {
    name?: string;
    message?: string;
    cause?: {
      code?: string;
      message?: string;
      errors?: Array<{ code?: string }>;
    };
  };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `no answer in ${timeoutMs} ms`;
  const code =
    e.cause?.code ?? e.cause?.errors?.find(inner => inner.code)?.code;
  return code ?? e.cause?.message ?? e.message ?? String(error);
}
