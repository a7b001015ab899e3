export interface Config {
  /** Kafka Topic-as-a-Service. See docs/configuration.md. */
  kafkaTaas?: {
    /**
     * The Kafka clusters the portal manages. Each one serves one environment
     * (dev, staging, prod, ...); several clusters may serve the same environment.
     */
    clusters: Array<{
      /**
       * Unique name of the cluster, shown to users and used in URLs, e.g. `dev-eu`.
       * @visibility frontend
       */
      name: string;
      /**
       * Environment the cluster serves, e.g. `dev`, `staging` or `prod`.
       * @visibility frontend
       */
      environment: string;
      /** Bootstrap brokers as `host:port`. */
      brokers: string[];
      /** Client id the backend uses on this cluster. Default `backstage-kafka-taas`. */
      clientId?: string;
      /** How long one request to the cluster may take, in milliseconds. Default 10000. */
      requestTimeoutMs?: number;
      /**
       * TLS towards the brokers. `true` uses the system CAs; an object adds a CA, a client
       * certificate for mutual TLS, or a server name.
       */
      tls?:
        | boolean
        | {
            /** PEM-encoded CA certificate(s) to trust. */
            ca?: string;
            /** PEM-encoded client certificate for mutual TLS. */
            cert?: string;
            /**
             * PEM-encoded private key of the client certificate.
             * @visibility secret
             */
            key?: string;
            /** Verify the brokers' certificates. Default true. */
            rejectUnauthorized?: boolean;
            /** Server name for SNI and certificate checks, when it differs from the broker host. */
            servername?: string;
          };
      /** SASL authentication towards the brokers. */
      sasl?: {
        /** `plain`, `scram-sha-256`, `scram-sha-512` or `oauthbearer`. */
        mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer';
        /** User name, for PLAIN and SCRAM. */
        username?: string;
        /**
         * Password, for PLAIN and SCRAM.
         * @visibility secret
         */
        password?: string;
        /**
         * A fixed OAUTHBEARER token. Prefer `oauth` for tokens that expire.
         * @visibility secret
         */
        token?: string;
        /** OAUTHBEARER tokens fetched with the OAuth 2 client-credentials grant, refreshed before they expire. */
        oauth?: {
          /** Token endpoint URL. */
          tokenEndpoint: string;
          /** OAuth client id. */
          clientId: string;
          /**
           * OAuth client secret.
           * @visibility secret
           */
          clientSecret: string;
          /** Space-separated scopes to request. */
          scope?: string;
        };
      };
      /** The Confluent-API schema registry that holds this cluster's schemas. */
      schemaRegistry?: {
        /**
         * Base URL of the Confluent-compatible API, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`
         * for Apicurio Registry or `https://schema-registry.example.com` for Confluent's.
         */
        url: string;
        /** Basic-auth user name. */
        username?: string;
        /**
         * Basic-auth password.
         * @visibility secret
         */
        password?: string;
      };
    }>;

    /**
     * Environments people can request topics in, each served by one cluster. Default: one per
     * cluster, named after the cluster's `environment`, whose tier is that same name.
     * @visibility frontend
     */
    environments?: {
      [name: string]: {
        /** Name of the cluster (from `clusters`) that serves this environment. */
        cluster: string;
        /** Tier the approval matrix uses for this environment. Default: the environment name. */
        tier?: 'dev' | 'staging' | 'prod';
      };
    };

    /**
     * Topic policy; every key is optional and falls back to the documented default
     * (docs/policy-and-approvals.md).
     * @visibility frontend
     */
    policy?: {
      naming?: {
        /** Allowed domains, the first part of a topic name. Default banking, marketing, analytics, operations. */
        domains?: string[];
        /** Regular expression the subdomain and name parts must match. Default `^[a-z][a-z0-9-]*$`. */
        namePattern?: string;
        /** Default 3. */
        nameMinLength?: number;
        /** Default 64. */
        nameMaxLength?: number;
        /** Require a `.v<N>` suffix. Default false. */
        requireVersion?: boolean;
        /** Topic-name prefixes nobody may request. Default `_`, `__`, `connect-`, `kafka-`, `confluent`. */
        reservedPrefixes?: string[];
      };
      /** Default 1-100, 6; critical topics need at least `criticalMin` (6). */
      partitions?: {
        min?: number;
        max?: number;
        default?: number;
        criticalMin?: number;
      };
      /** Default 1-3, 3; prod needs at least `prodMin` (3). */
      replicationFactor?: {
        min?: number;
        max?: number;
        default?: number;
        prodMin?: number;
      };
      retention?: {
        /** Default 604800000 (7 days). */
        defaultMs?: number;
        /** Default 3600000 (1 hour). */
        minMs?: number;
        /** Default 94608000000 (3 years). */
        maxMs?: number;
        /** Named presets the form offers, e.g. `audit-logs: { title: Audit logs, ms: 7776000000 }`. */
        presets?: { [key: string]: { title: string; ms: number } };
      };
      /** Allowed `cleanup.policy` values. Default all: delete, compact, compact,delete. */
      cleanupPolicies?: Array<'delete' | 'compact' | 'compact,delete'>;
      /** Default 20-1000 characters. */
      description?: { minLength?: number; maxLength?: number };
      defaults?: {
        classification?: 'public' | 'internal' | 'confidential' | 'restricted';
        criticality?: 'low' | 'medium' | 'high' | 'critical';
        cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
        schemaType?: 'avro' | 'json' | 'protobuf' | 'none';
        quotaTier?: string;
      };
      schema?: {
        /** Allowed schema types. Default avro, json, protobuf, none. */
        types?: Array<'avro' | 'json' | 'protobuf' | 'none'>;
        /** Default BACKWARD. */
        defaultCompatibility?: string;
        /** For critical topics. Default FULL_TRANSITIVE. */
        criticalCompatibility?: string;
        /** Tiers where a topic may have no schema. Default dev. */
        noneAllowedIn?: Array<'dev' | 'staging' | 'prod'>;
      };
    };

    /**
     * Quota tiers, by name: byte rates in bytes per second and request percentage. A missing
     * value means unlimited. Default bronze, silver, gold, platinum (docs/policy-and-approvals.md).
     * @visibility frontend
     */
    quotaTiers?: {
      [tier: string]: {
        producerByteRate?: number;
        consumerByteRate?: number;
        requestPercentage?: number;
      };
    };

    /**
     * Who approves what. `roles` maps each approver role to the catalog groups whose members
     * hold it; `matrix` (criticality, then tier, then roles) overrides the default matrix.
     * @visibility frontend
     */
    approvals?: {
      roles?: {
        [role: string]: {
          /** Shown to people, e.g. `Platform team`. */
          title?: string;
          /** Catalog group refs, e.g. `group:default/platform-team`. */
          groups: string[];
        };
      };
      matrix?: {
        [criticality: string]: { [tier: string]: string[] };
      };
      /** Undecided requests expire after this many days. Default 7. */
      expireAfterDays?: number;
    };

    /** The topic inventory (`GET /api/kafka-taas/topics`) and the catalog entities built on it. */
    topics?: {
      /**
       * Regular expressions (JavaScript syntax, unanchored unless you anchor them) of topic
       * names to leave out, e.g. `^connect-` or `\.tmp$`. Internal topics (names starting
       * with `_`: `__consumer_offsets`, `_schemas`, `_confluent-*`) are always left out.
       */
      exclude?: string[];
    };

    /** Consumer lag (`GET /topics/{topic}/lag`, `GET /consumer-groups/{cluster}/{group}/lag`). */
    lag?: {
      /**
       * How long one read of a cluster's offsets is served to every caller (concurrent callers
       * share one read in flight). A duration: `2s`, `PT2S` or `{ seconds: 2 }`. Default 2s.
       */
      cacheTtl?:
        | string
        | { milliseconds?: number; seconds?: number; minutes?: number };
      /** Time lag: the age of the message at each group's committed offset. */
      timeLag?: {
        /**
         * How long reading those messages may take in all before the time lag is interpolated
         * from the sampled log-end offsets instead. Default 1s.
         */
        fetchTimeout?: string | { milliseconds?: number; seconds?: number };
        /** At most this many Fetch requests per partition leader in one read. Default 3. */
        maxFetchRounds?: number;
      };
      /** The status of a group on a topic, judged over its recent samples. */
      status?: {
        /** Samples kept per group and topic. Default 10. */
        windowSize?: number;
        /** A lagging group whose committed offsets did not move for this many samples is `stalled`. */
        stallAfterSamples?: number;
        /** A lagging group whose committed offsets did not move for this long is `stopped`, e.g. `5m`. */
        stopAfter?:
          | string
          | { seconds?: number; minutes?: number; hours?: number };
        /** Samples needed before a status other than `unknown`. */
        minSamples?: number;
      };
      /**
       * How often the sampler (a scheduled task, one replica at a time) stores the lag of every
       * group on every topic of every cluster. At least 1s. Default 1m.
       */
      sampleInterval?:
        | string
        | { seconds?: number; minutes?: number; hours?: number };
      /** How long stored samples are kept (at least sampleInterval). Default 24h. */
      historyRetention?:
        | string
        | { minutes?: number; hours?: number; days?: number };
      /**
       * Alert rules, evaluated on the stored samples after each sample. When one holds for
       * `for`, the owning group of the topic is notified once; and once more when it recovers.
       */
      alerts?: Array<{
        /** An exact topic name or a glob where `*` matches anything, e.g. `payments.*`. */
        topic: string;
        /** Breached when a group's total lag is above this many messages. */
        maxLag?: number | string;
        /** Breached when a group's time lag is above this, e.g. `10m`. */
        maxTimeLag?:
          | string
          | { seconds?: number; minutes?: number; hours?: number };
        /** How long a breach must last before the alert fires. Default 5m. */
        for?: string | { seconds?: number; minutes?: number; hours?: number };
        /** Only these consumer groups (exact ids or globs). Default all. */
        groups?: string[];
      }>;
    };

    /**
     * The Kafka principal of each catalog group, used for ACLs and quotas.
     * @visibility frontend
     */
    principals?: Array<{
      /** Catalog group ref, e.g. `group:default/team-payments`. */
      group: string;
      /** Kafka principal, e.g. `User:payments-svc`. */
      principal: string;
    }>;
  };
}
