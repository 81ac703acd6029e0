import { DataTypes } from 'sequelize';
import type { Migration } from './run-migrations.js';

/**
 * Failed sign-in attempts, counted in the database so that the count is taken atomically before a guess is
 * checked (parallel guesses cannot all be evaluated) and holds across processes: one row per account, per client
 * network, and per account and network, with the time until which it refuses further guesses.
 */
export const migration006AuthThrottles: Migration = {
  version: 6,
  name: 'auth-throttles',
  async up({ queryInterface: q, transaction }) {
    await q.createTable(
      'auth_throttles',
      {
        key: { type: DataTypes.STRING(400), primaryKey: true, allowNull: false },
        failures: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        blocked_until: { type: DataTypes.DATE, allowNull: true },
        last_failure_at: { type: DataTypes.DATE, allowNull: true },
      },
      { transaction },
    );
    await q.addIndex('auth_throttles', ['last_failure_at'], { name: 'auth_throttles_last_failure', transaction });
  },
};
