// @ts-check

/**
 * Changes to existing topics (access, delete, schema) are requests too, in the same table with
 * the same approvals and audit trail. Existing rows are topic creations.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('kafka_taas_topic_requests', table => {
    table
      .string('kind', 16)
      .notNullable()
      .defaultTo('create')
      .comment('create, or the change: access, delete, schema');
    table
      .string('topic_request_id', 36)
      .nullable()
      .comment('For changes: the create request of the topic they change');
    table.index(
      ['topic_name', 'environment', 'status'],
      'kafka_taas_topic_requests_topic_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('kafka_taas_topic_requests', table => {
    table.dropIndex(
      ['topic_name', 'environment', 'status'],
      'kafka_taas_topic_requests_topic_idx',
    );
    table.dropColumn('topic_request_id');
    table.dropColumn('kind');
  });
};
