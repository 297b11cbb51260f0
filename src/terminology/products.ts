/**
 * The OMTK opioid product table (`published/opioid-mme-r4/omtk-opioid-drug-ingredients.csv`) as the rows
 * the opioid rule reads: one row per product and opioid ingredient, with the strength, its unit, the
 * dose form and the CDC 2022 conversion factor. A row without a factor (buprenorphine, non-transdermal
 * fentanyl, meperidine, ...) is kept: the rule then says "dose not counted" for that product, which is
 * different from a product the table does not know.
 *
 * One correction is made here, on purpose: the CDC factor for transdermal fentanyl is per mcg/hr, so the
 * two iontophoretic systems the table lists in MG/ACTUAT (Ionsys, a hospital-only device) lose it.
 *
 * @example
 * const table = productTable(readFileSync(csvPath, 'utf8'), 'published/opioid-mme-r4/omtk-opioid-drug-ingredients.csv');
 * table.rows.find((r) => r[0] === '864706'); // ['864706', 'Methadone', '6813', 10, 'MG', 'Oral Tablet', 4.7]
 */

/** Column order of the rows; the opioid CQL library declares its parameter with these names. */
export const PRODUCT_COLUMNS = [
  'rxcui',
  'ingredient',
  'ingredientCode',
  'strength',
  'unit',
  'form',
  'factor',
] as const;

export type ProductRow = [string, string, string, number, string, string, number | null];

export interface ProductTable {
  source: string;
  columns: typeof PRODUCT_COLUMNS;
  /** The engine hands a patient's CQL only the rows whose product code the record holds. */
  key: 'rxcui';
  rows: ProductRow[];
}

/** A bad CSV line, with its 1-based line number. */
export class TableError extends Error {
  override name = 'TableError';
}

const REQUIRED = [
  'rxcui',
  'ingredient_name',
  'ingredient_rxcui',
  'strength_value',
  'strength_unit',
  'dose_form_name',
  'cdc2022_mme_factor',
  'cdc2022_factor_unit',
] as const;

/** Parses the CSV (no quoted fields in this table: a quote is reported as an error). */
export function productTable(csv: string, source: string): ProductTable {
  const lines = csv.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  const at = Object.fromEntries(header.map((h, i) => [h, i]));
  for (const column of REQUIRED)
    if (at[column] === undefined) throw new TableError(`${source}:1: missing column ${column}`);
  const get = (cells: string[], column: (typeof REQUIRED)[number]) => cells[at[column] ?? -1] ?? '';
  const rows: ProductRow[] = [];
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 2}`;
    if (line.includes('"')) throw new TableError(`${where}: quoted fields are not expected`);
    const cells = line.split(',');
    if (cells.length !== header.length)
      throw new TableError(`${where}: ${cells.length} fields, the header has ${header.length}`);
    const strength = Number(get(cells, 'strength_value'));
    const unit = get(cells, 'strength_unit');
    const rawFactor = get(cells, 'cdc2022_mme_factor');
    const perMcgHour = get(cells, 'cdc2022_factor_unit') === 'MME per mcg/hr';
    const factor = rawFactor === '' || (perMcgHour && unit !== 'MG/HR') ? null : Number(rawFactor);
    if (!/^\d+$/.test(get(cells, 'rxcui')) || !Number.isFinite(strength) || strength <= 0)
      throw new TableError(`${where}: needs a numeric rxcui and a positive strength`);
    if (factor !== null && !(factor > 0))
      throw new TableError(`${where}: factor ${rawFactor} is not positive`);
    rows.push([
      get(cells, 'rxcui'),
      get(cells, 'ingredient_name'),
      get(cells, 'ingredient_rxcui'),
      strength,
      unit,
      get(cells, 'dose_form_name'),
      factor,
    ]);
  });
  if (!rows.length) throw new TableError(`${source}: no rows`);
  return { source, columns: PRODUCT_COLUMNS, key: 'rxcui', rows };
}
