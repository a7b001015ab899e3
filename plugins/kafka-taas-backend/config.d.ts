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
  };
}
