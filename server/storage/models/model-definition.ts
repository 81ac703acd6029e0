import { DataTypes, type Model, type ModelStatic, type Sequelize } from 'sequelize';

/** A row of a model: its attributes (camelCase; the columns are snake_case) on a Sequelize instance. */
export type Row<T extends object> = Model<T, T> & T;
/** A model class over one table. */
export type ModelOf<T extends object> = ModelStatic<Row<T>>;

/* Column shapes the models share; each matches its migration's column. */
export const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });
export const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
export const integer = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
export const counter = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
export const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });
export const key = { type: DataTypes.STRING(40), primaryKey: true };
/** A byte count: BIGINT in the database, read back as a number (PostgreSQL answers BIGINT as a string). */
export const byteCount = (attribute: string) => ({
  type: DataTypes.BIGINT,
  allowNull: false,
  get(this: Model) {
    return Number(this.getDataValue(attribute));
  },
});

/**
 * A model over a table the migrations made (never `sync()`: the schema comes from migrations only), with
 * underscored columns and the table name as given.
 */
export function defineModel<T extends object>(
  sequelize: Sequelize,
  name: string,
  table: string,
  attributes: Record<string, unknown>,
  options: Record<string, unknown> = {},
): ModelOf<T> {
  const defined = sequelize.define(name, attributes as never, {
    underscored: true,
    freezeTableName: true,
    tableName: table,
    ...options,
  });
  return defined as unknown as ModelOf<T>;
}
