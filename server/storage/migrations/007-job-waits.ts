import { DataTypes } from 'sequelize';
import type { Migration } from './run-migrations.js';

/**
 * Jobs say what outside service they wait for (a timestamp authority) and since when, so that waiting work is
 * visible (readiness, the staff app, metrics) and is woken at once when that service answers again.
 */
export const migration007JobWaits: Migration = {
  version: 7,
  name: 'job-waits',
  async up({ queryInterface: q, transaction }) {
    const t = { transaction };
    await q.addColumn('jobs', 'waiting_for', { type: DataTypes.STRING(40), allowNull: true }, t);
    await q.addColumn('jobs', 'waiting_since', { type: DataTypes.DATE, allowNull: true }, t);
    await q.addIndex('jobs', ['waiting_for', 'status'], { name: 'jobs_waiting', ...t });
  },
};
