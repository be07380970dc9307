#!/usr/bin/python3
"""The pandas baseline of bench/run.sh: the checks of ../sqlite_baseline.sql, the way an analyst
would write them with pandas (Debian's python3-pandas).

    /usr/bin/python3 pandas_checks.py SUBMISSION_DIR SPEC_DIR

The date items, mandatory items and code lists of each table come from SPEC_DIR/items.csv, the
codes from SPEC_DIR/codes.csv (valid on some day of the reporting period in MHS000Header).
Prints the same CSV lines as the SQLite baseline:
    root,TABLE,KIND,ROWS            rows failing a check of KIND before any cascade
    table,TABLE,RECEIVED,REJECTED   rows rejected in the end, after the cascade

pandas traps met here: read_csv without dtype=str turns codes such as '01' into the number 1,
and without keep_default_na=False it turns 'NA', 'N/A' or 'NULL' into NaN; to_datetime with a
format still accepts '2026-10-5' (strptime's %d takes one digit), so the shape is checked with
a regular expression first, and it only knows the years 1677 to 2262 (dates outside them would
be reported as bad here; the generator writes none).
"""
import os
import sys

import numpy as np
import pandas as pd

TABLES = ['MHS000Header', 'MHS001MPI', 'MHS002GP', 'MHS101Referral', 'MHS201CareContact',
          'MHS901StaffDetails', 'MHS902ServiceTeamDetails']
CHECKED = TABLES[1:]  # the header is only read for the reporting period
DATE_SHAPE = r'[0-9]{4}-[0-9]{2}-[0-9]{2}'


def read(path):
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def bad_date(values):
    present = values != ''
    real = pd.to_datetime(values.where(values.str.fullmatch(DATE_SHAPE), ''), format='%Y-%m-%d',
                          errors='coerce').notna()
    return present & ~real


def bad_nhs_number(values):
    """Not 10 digits, all digits the same, or failing Modulus 11 (11 - weighted sum mod 11; 11
    means 0, 10 is never valid)."""
    shaped = values.str.fullmatch(r'[0-9]{10}')
    digits = np.frombuffer(''.join(values[shaped]).encode('ascii'), dtype=np.uint8)
    digits = digits.reshape(-1, 10).astype(np.int64) - ord('0')
    check = (11 - digits[:, :9] @ np.arange(10, 1, -1) % 11) % 11
    good = (check == digits[:, 9]) & (digits != digits[:, :1]).any(axis=1)
    ok = pd.Series(False, index=values.index)
    ok[shaped] = good
    return (values != '') & ~ok


def duplicated(frame, keys, among=None):
    """Every row sharing a key with another row (of `among`, if given); blank keys never match."""
    rows = frame if among is None else frame[among]
    dup = rows.duplicated(subset=keys, keep=False) & (rows[keys] != '').all(axis=1)
    return dup.reindex(frame.index, fill_value=False)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write('usage: pandas_checks.py SUBMISSION_DIR SPEC_DIR\n')
        return 64
    folder, spec = sys.argv[1:]
    df = {t: read(os.path.join(folder, t + '.csv')) for t in TABLES}

    items = read(os.path.join(spec, 'items.csv'))
    names = read(os.path.join(spec, 'tables.csv')).set_index('code')['idb_name']
    items['tbl'] = items['table'].map(names)
    header = df['MHS000Header'].iloc[0]
    codes = read(os.path.join(spec, 'codes.csv'))
    codes = codes[((codes.valid_from == '') | (codes.valid_from <= header.ReportingPeriodEndDate))
                  & ((codes.valid_to == '') | (codes.valid_to >= header.ReportingPeriodStartDate))]
    code_ok = codes.groupby('list')['code'].apply(set)

    # root[(table, kind)]: a boolean mask of the table's rows failing a check of that kind.
    root = {}

    def flag(table, kind, mask):
        key = (table, kind)
        root[key] = root[key] | mask if key in root else mask

    for table in CHECKED:
        t = df[table]
        mine = items[items.tbl == table]
        for item in mine[mine.type == 'date'].short_name:
            flag(table, 'date', bad_date(t[item]))
        for item in mine[mine.mandation == 'M'].short_name:
            flag(table, 'blank', t[item] == '')
        for item, code_list in mine[mine.code_list != ''][['short_name', 'code_list']].values:
            flag(table, 'code', (t[item] != '') & ~t[item].isin(code_ok.get(code_list, set())))
    flag('MHS001MPI', 'nhs_number', bad_nhs_number(df['MHS001MPI'].NHSNumber))

    mpi, gp, ref = df['MHS001MPI'], df['MHS002GP'], df['MHS101Referral']
    contact, team = df['MHS201CareContact'], df['MHS902ServiceTeamDetails']
    flag('MHS001MPI', 'duplicate', duplicated(mpi, ['LocalPatientID']))
    flag('MHS001MPI', 'duplicate', duplicated(mpi, ['NHSNumber']))
    flag('MHS002GP', 'duplicate',
         duplicated(gp, ['LocalPatientID', 'GMPReg', 'StartDateGMPRegistration']))
    flag('MHS002GP', 'duplicate',
         duplicated(gp, ['LocalPatientID'], among=gp.EndDateGMPRegistration == ''))
    flag('MHS101Referral', 'duplicate', duplicated(ref, ['ServiceRequestID']))
    flag('MHS201CareContact', 'duplicate', duplicated(contact, ['CareContactID']))
    flag('MHS901StaffDetails', 'duplicate',
         duplicated(df['MHS901StaffDetails'], ['CareProfLocalID']))
    flag('MHS902ServiceTeamDetails', 'duplicate', duplicated(team, ['CareProfTeamLocalID']))

    def rejected(table):
        """Rows rejected by their own checks so far (code findings are warnings)."""
        out = pd.Series(False, index=df[table].index)
        for (tbl, kind), mask in root.items():
            if tbl == table and kind not in ('code', 'parent (warning)'):
                out |= mask
        return out

    # Missing parents (no parent row with that key at all), for rows not already rejected.
    flag('MHS002GP', 'parent', ~gp.LocalPatientID.isin(mpi.LocalPatientID) & ~rejected('MHS002GP'))
    flag('MHS101Referral', 'parent',
         ~ref.LocalPatientID.isin(mpi.LocalPatientID) & ~rejected('MHS101Referral'))
    flag('MHS201CareContact', 'parent',
         ~contact.ServiceRequestID.isin(ref.ServiceRequestID) & ~rejected('MHS201CareContact'))
    # A patient needs at least one GP row and one referral row.
    patient = mpi.LocalPatientID
    flag('MHS001MPI', 'has_child',
         (~patient.isin(gp.LocalPatientID) | ~patient.isin(ref.LocalPatientID))
         & ~rejected('MHS001MPI'))

    # The cascade, as in sqlite_baseline.sql: a patient falls with its own row or when none of its
    # GP rows, or none of its referrals, survive; then the GP rows and referrals of fallen
    # patients, then the contacts of fallen referrals.
    out = {table: rejected(table) for table in TABLES}
    out['MHS001MPI'] |= (~mpi.LocalPatientID.isin(gp.LocalPatientID[~out['MHS002GP']])
                         | ~mpi.LocalPatientID.isin(ref.LocalPatientID[~out['MHS101Referral']]))
    fallen_patient = mpi.LocalPatientID[out['MHS001MPI']]
    out['MHS002GP'] |= gp.LocalPatientID.isin(fallen_patient)
    out['MHS101Referral'] |= ref.LocalPatientID.isin(fallen_patient)
    out['MHS201CareContact'] |= contact.ServiceRequestID.isin(
        ref.ServiceRequestID[out['MHS101Referral']])

    # A warning, not a rejection (mhds MHSWRN903): a surviving referral naming a team that has no
    # surviving MHS902 row.
    team_ok = team.CareProfTeamLocalID[~out['MHS902ServiceTeamDetails']]
    flag('MHS101Referral', 'parent (warning)',
         (ref.CareProfTeamLocalID != '') & ~ref.CareProfTeamLocalID.isin(team_ok)
         & ~out['MHS101Referral'])

    lines = [f'root,{table},{kind},{int(mask.sum())}'
             for (table, kind), mask in sorted(root.items()) if mask.any()]
    lines += [f'table,{table},{len(df[table])},{int(out[table].sum())}' for table in TABLES]
    sys.stdout.write('\n'.join(lines) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
