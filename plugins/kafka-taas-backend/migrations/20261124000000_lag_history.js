// @ts-check

/**
 * Consumer lag history (one row per cluster, group and topic per sample, kept for
 * kafkaTaas.lag.historyRetention) and lag alert incidents.
 *
 * Lags are exact 64-bit integers: decimal strings, never floats (SQLite would hand a bigint back
 * as an inexact JS number). Times are written as JavaScript Dates, as in the topic request tables.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('kafka_taas_lag_samples', table => {
    table.comment('Sampled consumer lag per cluster, group and topic');
    table.bigIncrements('id');
    table.string('cluster', 63).notNullable();
    table.string('consumer_group', 255).notNullable();
    table.string('topic', 255).notNullable();
    table.timestamp('at', { useTz: true }).notNullable().index();
    table
      .string('total_lag', 20)
      .notNullable()
      .comment('Sum of the partition lags, a decimal string');
    table
      .bigInteger('time_lag_ms')
      .nullable()
      .comment('Age of the oldest unconsumed message; NULL when unknown');
    table.string('status', 16).notNullable();
    table.integer('members').notNullable();
    table
      .text('committed')
      .notNullable()
      .comment(
        'JSON: partition -> committed offset as a decimal string (partitions with a commit only)',
      );
    table.index(['topic', 'at'], 'kafka_taas_lag_samples_topic_idx');
    table.index(
      ['cluster', 'consumer_group', 'topic', 'at'],
      'kafka_taas_lag_samples_key_idx',
    );
  });

  await knex.schema.createTable('kafka_taas_lag_incidents', table => {
    table.comment(
      'Lag alert incidents: opened once, closed once, across replicas',
    );
    table.increments('id');
    table
      .string('rule', 64)
      .notNullable()
      .comment('Fingerprint of the alert rule');
    table.string('cluster', 63).notNullable();
    table.string('consumer_group', 255).notNullable();
    table.string('topic', 255).notNullable();
    table
      .string('open_key', 700)
      .nullable()
      .unique({ indexName: 'kafka_taas_lag_incidents_open_key_unique' })
      .comment(
        'rule, cluster, group and topic while open, NULL once closed: one open incident per rule and key',
      );
    table.text('details').notNullable().comment('JSON: rule and value at open');
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('closed_at', { useTz: true }).nullable().index();
    table.index(['cluster', 'closed_at'], 'kafka_taas_lag_incidents_open_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('kafka_taas_lag_incidents');
  await knex.schema.dropTable('kafka_taas_lag_samples');
};
