// @ts-check

/**
 * Topic requests, their approvals and their audit trail.
 *
 * Times are knex timestamps that the store always writes as JavaScript Dates, never as
 * database defaults: PostgreSQL keeps them as timestamptz, SQLite (better-sqlite3) as epoch
 * milliseconds, so comparisons with a bound Date behave the same on both.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kafka_taas_topic_requests', table => {
    table.comment('Requests for a Kafka topic, from submission to ready');
    table.string('id', 36).primary().comment('UUID of the request');
    table
      .string('topic_name', 255)
      .notNullable()
      .comment('The full topic name');
    table.string('environment', 255).notNullable().index();
    table
      .string('cluster', 255)
      .notNullable()
      .comment('The cluster that serves the environment');
    table
      .string('owner', 255)
      .notNullable()
      .index()
      .comment('Group entity ref of the owning team');
    table
      .string('requested_by', 255)
      .notNullable()
      .index()
      .comment('User entity ref of the requester');
    table.string('status', 32).notNullable().index();
    table
      .string('open_key', 512)
      .nullable()
      .unique({ indexName: 'kafka_taas_topic_requests_open_key_unique' })
      .comment(
        '<topic_name>@<environment> while the request is open, NULL otherwise: one open request per topic and environment',
      );
    table.text('input').notNullable().comment('JSON: the request as submitted');
    table
      .text('resolved')
      .notNullable()
      .comment('JSON: the request with every policy default applied');
    table.text('plan').notNullable().comment('JSON: the provisioning steps');
    table
      .text('approval')
      .notNullable()
      .comment('JSON: the roles that must approve');
    table
      .text('completed_steps')
      .notNullable()
      .comment('JSON: ids of provisioning steps done');
    table.string('failed_step', 32).nullable();
    table.text('error').nullable();
    table.text('rejection_reason').nullable();
    table
      .string('claimed_by', 255)
      .nullable()
      .comment('The worker provisioning the request');
    table
      .timestamp('claimed_until', { useTz: true })
      .nullable()
      .comment('End of the worker lease');
    table
      .integer('lease_ms')
      .nullable()
      .comment('Length of the lease, renewed after each step');
    table.timestamp('created_at', { useTz: true }).notNullable().index();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment('When an undecided request expires');
  });

  await knex.schema.createTable('kafka_taas_topic_request_approvals', table => {
    table.comment('One approval per role and request');
    table
      .increments('id')
      .comment('Insertion order, to list approvals in the order given');
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('kafka_taas_topic_requests')
      .onDelete('CASCADE');
    table.string('role', 255).notNullable();
    table
      .string('approved_by', 255)
      .notNullable()
      .comment('User entity ref of the approver');
    table.text('comment').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['request_id', 'role'], {
      indexName: 'kafka_taas_topic_request_approvals_role_unique',
    });
    table.unique(['request_id', 'approved_by'], {
      indexName: 'kafka_taas_topic_request_approvals_approver_unique',
    });
  });

  await knex.schema.createTable('kafka_taas_topic_request_events', table => {
    table.comment('Append-only audit trail of every request');
    table.increments('id');
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('kafka_taas_topic_requests')
      .index();
    table.string('type', 64).notNullable();
    table
      .string('actor', 255)
      .notNullable()
      .comment('User entity ref, or system');
    table.string('step', 32).nullable();
    table.text('details').nullable().comment('JSON');
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kafka_taas_topic_request_events');
  await knex.schema.dropTable('kafka_taas_topic_request_approvals');
  await knex.schema.dropTable('kafka_taas_topic_requests');
};
