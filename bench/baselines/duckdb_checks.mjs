// The DuckDB baseline of bench/run.sh: loads a synthetic MHSDS submission's CSV files into an
// in-memory DuckDB database (npm @duckdb/node-api) and runs the checks of ../sqlite_baseline.sql,
// written the way an analyst would write them for DuckDB.
//
//   node duckdb_checks.mjs SUBMISSION_DIR SPEC_DIR [THREADS]
//
// THREADS: DuckDB's `threads` setting; omitted, DuckDB's default (one per core). The date items,
// mandatory items and code lists of each table come from SPEC_DIR/items.csv, the codes from
// SPEC_DIR/codes.csv (valid on some day of the reporting period in MHS000Header).
// Prints the same CSV lines as the SQLite baseline:
//   root,TABLE,KIND,ROWS            rows failing a check of KIND before any cascade
//   table,TABLE,RECEIVED,REJECTED   rows rejected in the end, after the cascade
// Exit status 0, or 1 with a message on standard error.
//
// DuckDB traps met here: without all_varchar the CSV sniffer turns codes such as '01' into the
// integer 1; empty fields read as NULL, so a blank test is `IS NULL` and `x NOT IN (subquery)`
// is avoided (one NULL in the subquery makes it NULL for every row); TRY_CAST(x AS DATE) rejects
// 2026-02-30 but accepts '2026-10-5', ' 2026-10-05', '02026-10-05' and '2026-10-05 10:00', so
// the shape is checked with a regular expression first.
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';

const kTables = [
  'MHS000Header', 'MHS001MPI', 'MHS002GP', 'MHS101Referral', 'MHS201CareContact',
  'MHS901StaffDetails', 'MHS902ServiceTeamDetails',
];
// The tables checked (the header is only read for the reporting period).
const kChecked = kTables.slice(1);

const literal = (text) => `'${String(text).replaceAll("'", "''")}'`;
const ident = (name) => `"${String(name).replaceAll('"', '""')}"`;
const readCsv = (path) =>
  `read_csv(${literal(path)}, header = true, all_varchar = true, delim = ',', quote = '"', ` +
  `escape = '"')`;

async function main() {
  const [dir, specDir, threads] = process.argv.slice(2);
  if (!dir || !specDir) {
    process.stderr.write('usage: node duckdb_checks.mjs SUBMISSION_DIR SPEC_DIR [THREADS]\n');
    process.exit(64);
  }
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads } : {});
  const db = await instance.connect();
  const rows = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJson();

  for (const table of kTables) {
    const file = readCsv(join(dir, `${table}.csv`));
    await db.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM ${file}`);
  }
  // The spec: which items of each checked table are dates, mandatory, or coded.
  const items = await rows(`
    SELECT t.idb_name AS tbl, i.short_name AS item, i.type, i.mandation, i.code_list
      FROM ${readCsv(join(specDir, 'items.csv'))} i
      JOIN ${readCsv(join(specDir, 'tables.csv'))} t ON t.code = i."table"`);
  const checked = items.filter((i) => kChecked.includes(i.tbl));
  await db.run(`
    CREATE TABLE code_ok AS
    SELECT DISTINCT list, code FROM ${readCsv(join(specDir, 'codes.csv'))}, MHS000Header
     WHERE (valid_from IS NULL OR valid_from <= ReportingPeriodEndDate)
       AND (valid_to IS NULL OR valid_to >= ReportingPeriodStartDate)`);

  await db.run('CREATE TABLE finding(tbl VARCHAR, rid BIGINT, kind VARCHAR)');
  const flag = (table, kind, where) =>
    db.run(`INSERT INTO finding SELECT ${literal(table)}, rowid, ${literal(kind)}
              FROM ${ident(table)} t WHERE ${where}`);
  const anyOf = (conditions) => conditions.map((c) => `(${c})`).join(' OR ');

  for (const table of kChecked) {
    const mine = checked.filter((i) => i.tbl === table);
    const dates = mine.filter((i) => i.type === 'date').map((i) => ident(i.item));
    if (dates.length) {
      await flag(table, 'date', anyOf(dates.map((d) =>
        `${d} IS NOT NULL AND NOT coalesce(regexp_full_match(${d}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
                                           AND TRY_CAST(${d} AS DATE) IS NOT NULL, false)`)));
    }
    const mandatory = mine.filter((i) => i.mandation === 'M').map((i) => ident(i.item));
    if (mandatory.length) await flag(table, 'blank', anyOf(mandatory.map((m) => `${m} IS NULL`)));
    const coded = mine.filter((i) => i.code_list);
    if (coded.length) {
      await flag(table, 'code', anyOf(coded.map((c) =>
        `${ident(c.item)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM code_ok o
           WHERE o.list = ${literal(c.code_list)} AND o.code = t.${ident(c.item)})`)));
    }
  }
  // NHS Number: 10 digits, not all the same, Modulus 11 (11 - weighted sum mod 11; 11 means 0,
  // 10 is never valid).
  const weighted = [10, 9, 8, 7, 6, 5, 4, 3, 2]
    .map((w, i) => `${w} * TRY_CAST(substr(NHSNumber, ${i + 1}, 1) AS INTEGER)`).join(' + ');
  await flag('MHS001MPI', 'nhs_number', `NHSNumber IS NOT NULL AND CASE
      WHEN NOT regexp_full_match(NHSNumber, '[0-9]{10}') THEN true
      WHEN NHSNumber = repeat(substr(NHSNumber, 1, 1), 10) THEN true
      ELSE (11 - (${weighted}) % 11) % 11 <> TRY_CAST(substr(NHSNumber, 10, 1) AS INTEGER) END`);

  // Duplicate keys: every row sharing a key is rejected; a key with a blank part never matches.
  const duplicate = async (table, keys, where = 'true') => {
    const cols = keys.map(ident).join(', ');
    const notBlank = keys.map((k) => `${ident(k)} IS NOT NULL`).join(' AND ');
    const same = keys.map((k) => `d.${ident(k)} = t.${ident(k)}`).join(' AND ');
    await flag(table, 'duplicate', `${where} AND EXISTS (
      SELECT 1 FROM (SELECT ${cols} FROM ${ident(table)} WHERE ${where} AND ${notBlank}
                      GROUP BY ALL HAVING count(*) > 1) d WHERE ${same})`);
  };
  await duplicate('MHS001MPI', ['LocalPatientID']);
  await duplicate('MHS001MPI', ['NHSNumber']);
  await duplicate('MHS002GP', ['LocalPatientID', 'GMPReg', 'StartDateGMPRegistration']);
  await duplicate('MHS002GP', ['LocalPatientID'], 'EndDateGMPRegistration IS NULL');
  await duplicate('MHS101Referral', ['ServiceRequestID']);
  await duplicate('MHS201CareContact', ['CareContactID']);
  await duplicate('MHS901StaffDetails', ['CareProfLocalID']);
  await duplicate('MHS902ServiceTeamDetails', ['CareProfTeamLocalID']);

  // Rows rejected by their own checks; they are not reported again as orphans (nor by mhds).
  await db.run(`CREATE VIEW rejected_row AS
                SELECT tbl, rid FROM finding WHERE kind NOT IN ('code', 'parent (warning)')`);
  const notRejected = (table, alias) =>
    `${alias}.rowid NOT IN (SELECT rid FROM rejected_row WHERE tbl = ${literal(table)})`;
  // Missing parents: no parent row with that key at all.
  const orphan = async (table, key, parent, parentKey) => {
    await db.run(`INSERT INTO finding SELECT ${literal(table)}, c.rowid, 'parent'
        FROM ${ident(table)} c
        ANTI JOIN ${ident(parent)} p ON p.${ident(parentKey)} = c.${ident(key)}
       WHERE ${notRejected(table, 'c')}`);
  };
  await orphan('MHS002GP', 'LocalPatientID', 'MHS001MPI', 'LocalPatientID');
  await orphan('MHS101Referral', 'LocalPatientID', 'MHS001MPI', 'LocalPatientID');
  await orphan('MHS201CareContact', 'ServiceRequestID', 'MHS101Referral', 'ServiceRequestID');
  // A patient needs at least one GP row and one referral row.
  await flag('MHS001MPI', 'has_child', `(
      NOT EXISTS (SELECT 1 FROM MHS002GP g WHERE g.LocalPatientID = t.LocalPatientID)
      OR NOT EXISTS (SELECT 1 FROM MHS101Referral r WHERE r.LocalPatientID = t.LocalPatientID))
    AND ${notRejected('MHS001MPI', 't')}`);

  // The cascade, as in sqlite_baseline.sql: a patient falls with its own row or when none of its
  // GP rows, or none of its referrals, survive; then the GP rows and referrals of fallen patients,
  // then the contacts of fallen referrals. out_row may hold a row twice; it is counted DISTINCT.
  await db.run('CREATE TABLE out_row AS SELECT tbl, rid FROM rejected_row');
  const survivors = (table, key) => `(SELECT DISTINCT ${ident(key)} AS id FROM ${ident(table)}
      WHERE rowid NOT IN (SELECT rid FROM out_row WHERE tbl = ${literal(table)}))`;
  const fallen = (table, key) => `(SELECT DISTINCT ${ident(key)} AS id FROM ${ident(table)}
      WHERE rowid IN (SELECT rid FROM out_row WHERE tbl = ${literal(table)}))`;
  await db.run(`CREATE TABLE patient_ok_gp AS
                SELECT * FROM ${survivors('MHS002GP', 'LocalPatientID')}`);
  await db.run(`CREATE TABLE patient_ok_referral AS
                SELECT * FROM ${survivors('MHS101Referral', 'LocalPatientID')}`);
  await db.run(`INSERT INTO out_row SELECT 'MHS001MPI', rowid FROM MHS001MPI t
     WHERE NOT EXISTS (SELECT 1 FROM patient_ok_gp o WHERE o.id = t.LocalPatientID)
        OR NOT EXISTS (SELECT 1 FROM patient_ok_referral o WHERE o.id = t.LocalPatientID)`);
  await db.run(`CREATE TABLE fallen_patient AS
                SELECT * FROM ${fallen('MHS001MPI', 'LocalPatientID')}`);
  for (const table of ['MHS002GP', 'MHS101Referral']) {
    await db.run(`INSERT INTO out_row SELECT ${literal(table)}, rowid FROM ${ident(table)}
                   WHERE LocalPatientID IN (SELECT id FROM fallen_patient)`);
  }
  await db.run(`INSERT INTO out_row SELECT 'MHS201CareContact', rowid FROM MHS201CareContact
     WHERE ServiceRequestID IN ${fallen('MHS101Referral', 'ServiceRequestID')}`);

  // A warning, not a rejection (mhds MHSWRN903): a surviving referral naming a team that has no
  // surviving MHS902 row.
  await db.run(`INSERT INTO finding SELECT 'MHS101Referral', rowid, 'parent (warning)'
      FROM MHS101Referral r
     WHERE CareProfTeamLocalID IS NOT NULL
       AND NOT EXISTS (
             SELECT 1 FROM ${survivors('MHS902ServiceTeamDetails', 'CareProfTeamLocalID')} o
              WHERE o.id = r.CareProfTeamLocalID)
       AND rowid NOT IN (SELECT rid FROM out_row WHERE tbl = 'MHS101Referral')`);

  const lines = [];
  for (const r of await rows(`SELECT tbl, kind, count(DISTINCT rid) AS n FROM finding
                               GROUP BY ALL ORDER BY tbl, kind`)) {
    lines.push(`root,${r.tbl},${r.kind},${r.n}`);
  }
  for (const table of kTables) {
    const [r] = await rows(`SELECT (SELECT count(*) FROM ${ident(table)}) AS received,
        (SELECT count(DISTINCT rid) FROM out_row WHERE tbl = ${literal(table)}) AS rejected`);
    lines.push(`table,${table},${r.received},${r.rejected}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`duckdb_checks: ${error.message}\n`);
  process.exit(1);
});
