// The hand-written statements of the ingest path (saveReading, saveAssessment: claim, insert and
// audit in one round trip) take their column lists from db/schema.ts through src/db/row-sql.ts.
// These tests catch a column added to the schema but not to the row those statements write, and
// check the helper renders what drizzle's own insert would.
import { getTableColumns } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import { describe, expect, it } from 'vitest';
import { assessments, extractedFields } from '../../db/schema.js';
import { assessmentRow } from '../../src/db/assessment-store.js';
import { readingRow } from '../../src/db/document-store.js';
import { columnList, setFromExcluded, valueList } from '../../src/db/row-sql.js';
import type { Assessment } from '../../src/domain/assessment.js';

const NOW = new Date('2026-11-20T09:00:00Z');
const DOC = '00000000-0000-4000-8000-000000000001';
const columnsOf = (table: Parameters<typeof getTableColumns>[0]) => Object.keys(getTableColumns(table)).sort();

describe('rows written by hand-written statements', () => {
  it('a reading sets every column of extracted_fields', () => {
    const row = readingRow(DOC, { status: 'unreadable', cause: 'corrupt_pdf', detail: 'x', pageCount: null }, NOW);
    expect(Object.keys(row).sort()).toEqual(columnsOf(extractedFields));
  });

  it('an assessment sets every column of assessments', () => {
    const outcome = { contract: null, deadlineBasis: null, liability: { party: 'client', reason: 'x' } } as unknown as Assessment;
    const row = assessmentRow({ documentId: DOC, clientId: DOC, currentVersion: 0 }, outcome, NOW);
    expect(Object.keys(row).sort()).toEqual(columnsOf(assessments));
  });
});

describe('row-sql', () => {
  const dialect = new PgDialect();
  const row = readingRow(DOC, { status: 'unreadable', cause: 'timeout', detail: 'slow', pageCount: 2 }, NOW);

  it('names the columns and sends the values drizzle would, each cast to its column type', () => {
    const ours = dialect.sqlToQuery(columnList(extractedFields, row).append(valueList(extractedFields, row)));
    const theirs = drizzle.mock().insert(extractedFields).values(row).toSQL();
    const theirColumns = /\(([^)]*)\) values/.exec(theirs.sql)![1]!.split(', ');
    const ourColumns = /^\(([^)]*)\)/.exec(ours.sql)![1]!.split(', ');
    // The same column → value pairs (the order may differ: ours follows the row, drizzle's the table).
    const pairs = (columns: string[], params: unknown[]) => Object.fromEntries(columns.map((c, i) => [c, params[i]]));
    expect(pairs(ourColumns, ours.params)).toEqual(pairs(theirColumns, theirs.params));
    expect(ourColumns).toHaveLength(theirColumns.length);
    expect(ours.sql).toContain('$1::uuid');
    expect(ours.sql).toContain('::timestamp with time zone');
  });

  it('updates every column it sets from excluded', () => {
    const set = dialect.sqlToQuery(setFromExcluded(extractedFields, row)).sql;
    expect(set.split(', ')).toHaveLength(columnsOf(extractedFields).length);
    expect(set).toContain('"read_status" = excluded."read_status"');
  });

  it('refuses a key that is not a column', () => {
    expect(() => columnList(extractedFields, { ...row, nope: 1 } as typeof row)).toThrow(/nope is not a column/);
  });
});
