// Column lists and values of a row for hand-written statements (a CTE that claims, inserts and
// audits in one round trip), taken from the table's definition in db/schema.ts rather than typed
// out: a column added to the schema cannot be forgotten in one statement and remembered in another,
// and every value goes through the column's own encoder (jsonb, timestamps, arrays) with a cast to
// its SQL type, exactly as drizzle's query builder would send it.
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

type Row<T extends PgTable> = T['$inferInsert'];

function entries<T extends PgTable>(table: T, row: Row<T>) {
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  return Object.entries(row as Record<string, unknown>)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const column = columns[key];
      if (!column) throw new Error(`row-sql: ${key} is not a column of the table`);
      return { name: sql.identifier(column.name), value: sql`${sql.param(value, column as never)}::${sql.raw(column.getSQLType())}` };
    });
}

/** `("a", "b")`: the columns a row sets, for `INSERT INTO t (…)`. */
export function columnList<T extends PgTable>(table: T, row: Row<T>): SQL {
  return sql`(${sql.join(
    entries(table, row).map((e) => e.name),
    sql`, `,
  )})`;
}

/** `$1::uuid, $2::text`: the row's values in the order of columnList, each cast to its column's type. */
export function valueList<T extends PgTable>(table: T, row: Row<T>): SQL {
  return sql.join(
    entries(table, row).map((e) => e.value),
    sql`, `,
  );
}

/** `"a" = excluded."a", …`: for `ON CONFLICT … DO UPDATE SET`, every column the row sets. */
export function setFromExcluded<T extends PgTable>(table: T, row: Row<T>): SQL {
  return sql.join(
    entries(table, row).map((e) => sql`${e.name} = excluded.${e.name}`),
    sql`, `,
  );
}
