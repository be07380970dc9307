-- The SQL baseline of bench/run.sh: the same kinds of checks as mhds, on the same CSV files, done
-- with the sqlite3 command-line shell the way a careful analyst would (explicit indexes, LEFT
-- JOIN for orphans, a real calendar check). Run from inside the submission folder, after
-- importing the spec's codes.csv as table `codes`:
--
--   cd SUBMISSION && sqlite3 DB -bail -cmd ".import --csv SPEC/codes.csv codes" < sqlite_baseline.sql
--
-- Covers the tables mhds_make_submission writes; the item lists were written from
-- specs/mhsds/6.0/items.csv (type date, mandation M, code_list) and tables.csv (keys, parents).
-- baselines/duckdb_checks.mjs and baselines/pandas_checks.py read the same lists from items.csv
-- at run time and do the same checks.
-- Prints CSV lines:
--   root,TABLE,KIND,ROWS      rows failing a check of KIND before any cascade
--   table,TABLE,RECEIVED,REJECTED   rows rejected in the end, after the cascade
-- KIND: date, blank, code (a warning in mhds: the row is kept), nhs_number, duplicate, parent
-- (no parent row at all), has_child (a patient without any GP or referral row), and
-- 'parent (warning)' (a referral naming a team without a valid MHS902 row; the row is kept).

.bail on
-- A scratch database: no journal, no fsync, a 256 MiB page cache and in-memory temporary tables,
-- as an analyst would set up a throw-away load.
.output /dev/null
PRAGMA journal_mode = OFF;
.output
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA temp_store = MEMORY;
.import --csv MHS000Header.csv MHS000Header
.import --csv MHS001MPI.csv MHS001MPI
.import --csv MHS002GP.csv MHS002GP
.import --csv MHS101Referral.csv MHS101Referral
.import --csv MHS201CareContact.csv MHS201CareContact
.import --csv MHS901StaffDetails.csv MHS901StaffDetails
.import --csv MHS902ServiceTeamDetails.csv MHS902ServiceTeamDetails

-- Codes valid for some day of the reporting period.
CREATE TABLE code_ok(list TEXT, code TEXT, PRIMARY KEY (list, code)) WITHOUT ROWID;
INSERT OR IGNORE INTO code_ok
SELECT list, code FROM codes, MHS000Header
 WHERE (valid_from = '' OR valid_from <= ReportingPeriodEndDate)
   AND (valid_to = '' OR valid_to >= ReportingPeriodStartDate);

-- The keys that duplicate checks and joins look up.
CREATE INDEX mpi_patient ON MHS001MPI(LocalPatientID);
CREATE INDEX gp_patient ON MHS002GP(LocalPatientID);
CREATE INDEX referral_id ON MHS101Referral(ServiceRequestID);
CREATE INDEX referral_patient ON MHS101Referral(LocalPatientID);
CREATE INDEX contact_id ON MHS201CareContact(CareContactID);
CREATE INDEX contact_referral ON MHS201CareContact(ServiceRequestID);

-- One row per (table, row, failed check).
CREATE TABLE finding(tbl TEXT, rid INTEGER, kind TEXT);

-- Dates: date(x) alone accepts '2026-02-30' (SQLite does not check the calendar, and
-- strftime('%Y-%m-%d', x) = x does not either); a '+0 days' modifier normalises the day, so only
-- a real CCYY-MM-DD day comes back unchanged.
INSERT INTO finding SELECT 'MHS001MPI', rowid, 'date' FROM MHS001MPI
 WHERE (PersonBirthDate <> '' AND date(PersonBirthDate, '+0 days') IS NOT PersonBirthDate)
    OR (PersDeathDate <> '' AND date(PersDeathDate, '+0 days') IS NOT PersDeathDate);
INSERT INTO finding SELECT 'MHS002GP', rowid, 'date' FROM MHS002GP
 WHERE (StartDateGMPRegistration <> ''
        AND date(StartDateGMPRegistration, '+0 days') IS NOT StartDateGMPRegistration)
    OR (EndDateGMPRegistration <> ''
        AND date(EndDateGMPRegistration, '+0 days') IS NOT EndDateGMPRegistration);
INSERT INTO finding SELECT 'MHS101Referral', rowid, 'date' FROM MHS101Referral
 WHERE (ReferralRequestReceivedDate <> ''
        AND date(ReferralRequestReceivedDate, '+0 days') IS NOT ReferralRequestReceivedDate)
    OR (ServDischDate <> '' AND date(ServDischDate, '+0 days') IS NOT ServDischDate)
    OR (DischPlanCreationDate <> ''
        AND date(DischPlanCreationDate, '+0 days') IS NOT DischPlanCreationDate)
    OR (DischPlanLastUpdatedDate <> ''
        AND date(DischPlanLastUpdatedDate, '+0 days') IS NOT DischPlanLastUpdatedDate)
    OR (DecisionToTreatDate <> ''
        AND date(DecisionToTreatDate, '+0 days') IS NOT DecisionToTreatDate)
    OR (ReferRejectionDate <> ''
        AND date(ReferRejectionDate, '+0 days') IS NOT ReferRejectionDate);
INSERT INTO finding SELECT 'MHS201CareContact', rowid, 'date' FROM MHS201CareContact
 WHERE (CareContDate <> '' AND date(CareContDate, '+0 days') IS NOT CareContDate)
    OR (EarliestReasonOfferDate <> ''
        AND date(EarliestReasonOfferDate, '+0 days') IS NOT EarliestReasonOfferDate)
    OR (EarliestClinAppDate <> ''
        AND date(EarliestClinAppDate, '+0 days') IS NOT EarliestClinAppDate)
    OR (CareContCancelDate <> ''
        AND date(CareContCancelDate, '+0 days') IS NOT CareContCancelDate);

-- Blank mandatory (M) items.
INSERT INTO finding SELECT 'MHS001MPI', rowid, 'blank' FROM MHS001MPI
 WHERE OrgIDLocalPatientID = '' OR LocalPatientID = '';
INSERT INTO finding SELECT 'MHS002GP', rowid, 'blank' FROM MHS002GP
 WHERE GMPReg = '' OR LocalPatientID = '';
INSERT INTO finding SELECT 'MHS101Referral', rowid, 'blank' FROM MHS101Referral
 WHERE ReferralRequestReceivedDate = '' OR LocalPatientID = '' OR ServiceRequestID = ''
    OR OrgIDComm = '';
INSERT INTO finding SELECT 'MHS201CareContact', rowid, 'blank' FROM MHS201CareContact
 WHERE CareContDate = '' OR ServiceRequestID = '' OR CareContactID = '';
INSERT INTO finding SELECT 'MHS901StaffDetails', rowid, 'blank' FROM MHS901StaffDetails
 WHERE OrgIDCareProfLocalID = '' OR CareProfLocalID = '';
INSERT INTO finding SELECT 'MHS902ServiceTeamDetails', rowid, 'blank' FROM MHS902ServiceTeamDetails
 WHERE CareProfTeamLocalID = '' OR OrgIDCareProfTeamLocalID = '' OR ServTeamTypeMH = ''
    OR ServTeamIntAgeGroup = '';

-- Code lists (uncorrelated IN: each list is materialised once).
INSERT INTO finding SELECT 'MHS001MPI', rowid, 'code' FROM MHS001MPI
 WHERE (NHSNumberStatus <> ''
        AND NHSNumberStatus NOT IN (SELECT code FROM code_ok WHERE list = 'NHSNumberStatus'))
    OR (Gender <> '' AND Gender NOT IN (SELECT code FROM code_ok WHERE list = 'PersonStatedGender'))
    OR (EthnicCategory <> ''
        AND EthnicCategory NOT IN (SELECT code FROM code_ok WHERE list = 'EthnicCategory'))
    OR (MaritalStatus <> ''
        AND MaritalStatus NOT IN (SELECT code FROM code_ok WHERE list = 'MaritalStatus'))
    OR (GenderIDCode <> ''
        AND GenderIDCode NOT IN (SELECT code FROM code_ok WHERE list = 'GenderIdentity'))
    OR (GenderSameAtBirth <> ''
        AND GenderSameAtBirth NOT IN (SELECT code FROM code_ok WHERE list = 'GenderSameAtBirth'));
INSERT INTO finding SELECT 'MHS101Referral', rowid, 'code' FROM MHS101Referral
 WHERE (SourceOfReferralMH <> ''
        AND SourceOfReferralMH NOT IN (SELECT code FROM code_ok WHERE list = 'SourceOfReferralMH'))
    OR (ClinRespPriorityType <> '' AND ClinRespPriorityType NOT IN
        (SELECT code FROM code_ok WHERE list = 'ClinicalResponsePriorityType'))
    OR (PrimReasonReferralMH <> ''
        AND PrimReasonReferralMH NOT IN (SELECT code FROM code_ok WHERE list = 'ReasonForReferralMH'))
    OR (ReasonOAT <> ''
        AND ReasonOAT NOT IN (SELECT code FROM code_ok WHERE list = 'OutOfAreaReferralReason'))
    OR (ReferRejectReason <> '' AND ReferRejectReason NOT IN
        (SELECT code FROM code_ok WHERE list = 'ReferralRejectionReason'))
    OR (ReferClosReason <> ''
        AND ReferClosReason NOT IN (SELECT code FROM code_ok WHERE list = 'ReferralClosureReason'));
INSERT INTO finding SELECT 'MHS201CareContact', rowid, 'code' FROM MHS201CareContact
 WHERE (AdminCatCode <> ''
        AND AdminCatCode NOT IN (SELECT code FROM code_ok WHERE list = 'AdministrativeCategory'))
    OR (ConsType <> ''
        AND ConsType NOT IN (SELECT code FROM code_ok WHERE list = 'ConsultationType'))
    OR (AttendStatus <> ''
        AND AttendStatus NOT IN (SELECT code FROM code_ok WHERE list = 'AttendanceStatus'))
    OR (PlaceOfSafetyInd <> '' AND PlaceOfSafetyInd NOT IN
        (SELECT code FROM code_ok WHERE list = 'PlaceOfSafetyIndicator'))
    OR (ConsMechanismMH <> '' AND ConsMechanismMH NOT IN
        (SELECT code FROM code_ok WHERE list = 'ConsultationMechanismMH'))
    OR (ActLocTypeCode <> ''
        AND ActLocTypeCode NOT IN (SELECT code FROM code_ok WHERE list = 'ActivityLocationType'));
INSERT INTO finding SELECT 'MHS902ServiceTeamDetails', rowid, 'code' FROM MHS902ServiceTeamDetails
 WHERE (ServTeamTypeMH <> ''
        AND ServTeamTypeMH NOT IN (SELECT code FROM code_ok WHERE list = 'ServiceTeamTypeMH'))
    OR (ServTeamIntAgeGroup <> '' AND ServTeamIntAgeGroup NOT IN
        (SELECT code FROM code_ok WHERE list = 'ServiceTeamIntendedAgeGroup'));

-- NHS Number: 10 digits, Modulus 11 (check digit 11 - weighted sum mod 11; 11 means 0, 10 is
-- never valid), and not all digits the same.
INSERT INTO finding SELECT 'MHS001MPI', rowid, 'nhs_number' FROM MHS001MPI
 WHERE NHSNumber <> ''
   AND (length(NHSNumber) <> 10 OR NHSNumber GLOB '*[^0-9]*'
        OR ltrim(NHSNumber, substr(NHSNumber, 1, 1)) = ''
        OR (11 - (substr(NHSNumber, 1, 1) * 10 + substr(NHSNumber, 2, 1) * 9
                  + substr(NHSNumber, 3, 1) * 8 + substr(NHSNumber, 4, 1) * 7
                  + substr(NHSNumber, 5, 1) * 6 + substr(NHSNumber, 6, 1) * 5
                  + substr(NHSNumber, 7, 1) * 4 + substr(NHSNumber, 8, 1) * 3
                  + substr(NHSNumber, 9, 1) * 2) % 11) % 11
           IS NOT CAST(substr(NHSNumber, 10, 1) AS INTEGER));

-- Duplicate keys: every row sharing a key is rejected; keys with a blank part never match.
INSERT INTO finding SELECT 'MHS001MPI', rowid, 'duplicate' FROM MHS001MPI
 WHERE LocalPatientID IN (SELECT LocalPatientID FROM MHS001MPI WHERE LocalPatientID <> ''
                           GROUP BY 1 HAVING count(*) > 1)
    OR NHSNumber IN (SELECT NHSNumber FROM MHS001MPI WHERE NHSNumber <> ''
                      GROUP BY 1 HAVING count(*) > 1);
INSERT INTO finding SELECT 'MHS002GP', rowid, 'duplicate' FROM MHS002GP
 WHERE (LocalPatientID, GMPReg, StartDateGMPRegistration) IN
       (SELECT LocalPatientID, GMPReg, StartDateGMPRegistration FROM MHS002GP
         WHERE LocalPatientID <> '' AND GMPReg <> '' AND StartDateGMPRegistration <> ''
         GROUP BY 1, 2, 3 HAVING count(*) > 1)
    OR (EndDateGMPRegistration = '' AND LocalPatientID IN
        (SELECT LocalPatientID FROM MHS002GP WHERE EndDateGMPRegistration = ''
            AND LocalPatientID <> '' GROUP BY 1 HAVING count(*) > 1));
INSERT INTO finding SELECT 'MHS101Referral', rowid, 'duplicate' FROM MHS101Referral
 WHERE ServiceRequestID IN (SELECT ServiceRequestID FROM MHS101Referral WHERE ServiceRequestID <> ''
                             GROUP BY 1 HAVING count(*) > 1);
INSERT INTO finding SELECT 'MHS201CareContact', rowid, 'duplicate' FROM MHS201CareContact
 WHERE CareContactID IN (SELECT CareContactID FROM MHS201CareContact WHERE CareContactID <> ''
                          GROUP BY 1 HAVING count(*) > 1);
INSERT INTO finding SELECT 'MHS901StaffDetails', rowid, 'duplicate' FROM MHS901StaffDetails
 WHERE CareProfLocalID IN (SELECT CareProfLocalID FROM MHS901StaffDetails
                            WHERE CareProfLocalID <> '' GROUP BY 1 HAVING count(*) > 1);
INSERT INTO finding SELECT 'MHS902ServiceTeamDetails', rowid, 'duplicate'
  FROM MHS902ServiceTeamDetails
 WHERE CareProfTeamLocalID IN (SELECT CareProfTeamLocalID FROM MHS902ServiceTeamDetails
                                WHERE CareProfTeamLocalID <> '' GROUP BY 1 HAVING count(*) > 1);

-- Rows rejected by the record and duplicate checks: the starting point of the cascade. Rows
-- already rejected are not reported again as orphans (mhds does the same).
CREATE INDEX finding_row ON finding(tbl, rid);
CREATE VIEW rejected_row AS
SELECT tbl, rid FROM finding WHERE kind NOT IN ('code', 'parent (warning)');

-- Missing parents: no parent row with that key at all (LEFT JOIN, not a correlated NOT EXISTS,
-- which SQLite runs without an index: quadratic).
INSERT INTO finding SELECT 'MHS002GP', g.rowid, 'parent'
  FROM MHS002GP g LEFT JOIN MHS001MPI p ON p.LocalPatientID = g.LocalPatientID
 WHERE p.rowid IS NULL AND g.rowid NOT IN (SELECT rid FROM rejected_row WHERE tbl = 'MHS002GP');
INSERT INTO finding SELECT 'MHS101Referral', r.rowid, 'parent'
  FROM MHS101Referral r LEFT JOIN MHS001MPI p ON p.LocalPatientID = r.LocalPatientID
 WHERE p.rowid IS NULL
   AND r.rowid NOT IN (SELECT rid FROM rejected_row WHERE tbl = 'MHS101Referral');
INSERT INTO finding SELECT 'MHS201CareContact', c.rowid, 'parent'
  FROM MHS201CareContact c LEFT JOIN MHS101Referral r ON r.ServiceRequestID = c.ServiceRequestID
 WHERE r.rowid IS NULL
   AND c.rowid NOT IN (SELECT rid FROM rejected_row WHERE tbl = 'MHS201CareContact');
-- A patient needs at least one GP row and one referral row.
INSERT INTO finding SELECT 'MHS001MPI', rowid, 'has_child' FROM MHS001MPI
 WHERE (LocalPatientID NOT IN (SELECT LocalPatientID FROM MHS002GP)
        OR LocalPatientID NOT IN (SELECT LocalPatientID FROM MHS101Referral))
   AND rowid NOT IN (SELECT rid FROM rejected_row WHERE tbl = 'MHS001MPI');

-- The cascade. A patient falls when it is rejected itself or when none of its GP rows, or none
-- of its referrals, survive their own checks; then the GP rows and referrals of fallen patients
-- fall, and the contacts of fallen referrals. GP rows and referrals depend only on their own
-- checks and their patient, so this single pass reaches the same fixed point as mhds's queue.
CREATE TABLE out_row(tbl TEXT, rid INTEGER, PRIMARY KEY (tbl, rid)) WITHOUT ROWID;
INSERT OR IGNORE INTO out_row SELECT tbl, rid FROM rejected_row;
CREATE TABLE patient_ok_gp AS
SELECT DISTINCT LocalPatientID AS id FROM MHS002GP
 WHERE rowid NOT IN (SELECT rid FROM out_row WHERE tbl = 'MHS002GP');
CREATE TABLE patient_ok_referral AS
SELECT DISTINCT LocalPatientID AS id FROM MHS101Referral
 WHERE rowid NOT IN (SELECT rid FROM out_row WHERE tbl = 'MHS101Referral');
INSERT OR IGNORE INTO out_row SELECT 'MHS001MPI', rowid FROM MHS001MPI
 WHERE LocalPatientID NOT IN (SELECT id FROM patient_ok_gp)
    OR LocalPatientID NOT IN (SELECT id FROM patient_ok_referral);
CREATE TABLE fallen_patient AS
SELECT DISTINCT LocalPatientID AS id FROM MHS001MPI
 WHERE rowid IN (SELECT rid FROM out_row WHERE tbl = 'MHS001MPI');
INSERT OR IGNORE INTO out_row SELECT 'MHS002GP', rowid FROM MHS002GP
 WHERE LocalPatientID IN (SELECT id FROM fallen_patient);
INSERT OR IGNORE INTO out_row SELECT 'MHS101Referral', rowid FROM MHS101Referral
 WHERE LocalPatientID IN (SELECT id FROM fallen_patient);
CREATE TABLE fallen_referral AS
SELECT DISTINCT ServiceRequestID AS id FROM MHS101Referral
 WHERE rowid IN (SELECT rid FROM out_row WHERE tbl = 'MHS101Referral');
INSERT OR IGNORE INTO out_row SELECT 'MHS201CareContact', rowid FROM MHS201CareContact
 WHERE ServiceRequestID IN (SELECT id FROM fallen_referral);

-- A warning, not a rejection (mhds rule MHSWRN903): a surviving referral naming a team that has
-- no surviving MHS902 row.
CREATE TABLE team_ok AS
SELECT DISTINCT CareProfTeamLocalID AS id FROM MHS902ServiceTeamDetails
 WHERE rowid NOT IN (SELECT rid FROM out_row WHERE tbl = 'MHS902ServiceTeamDetails');
INSERT INTO finding SELECT 'MHS101Referral', rowid, 'parent (warning)' FROM MHS101Referral
 WHERE CareProfTeamLocalID <> '' AND CareProfTeamLocalID NOT IN (SELECT id FROM team_ok)
   AND rowid NOT IN (SELECT rid FROM out_row WHERE tbl = 'MHS101Referral');

.mode csv
.headers off
SELECT 'root', tbl, kind, count(DISTINCT rid) FROM finding GROUP BY tbl, kind ORDER BY tbl, kind;
SELECT 'table', t.name, t.received, (SELECT count(*) FROM out_row o WHERE o.tbl = t.name)
  FROM (SELECT 'MHS000Header' AS name, (SELECT count(*) FROM MHS000Header) AS received
        UNION ALL SELECT 'MHS001MPI', (SELECT count(*) FROM MHS001MPI)
        UNION ALL SELECT 'MHS002GP', (SELECT count(*) FROM MHS002GP)
        UNION ALL SELECT 'MHS101Referral', (SELECT count(*) FROM MHS101Referral)
        UNION ALL SELECT 'MHS201CareContact', (SELECT count(*) FROM MHS201CareContact)
        UNION ALL SELECT 'MHS901StaffDetails', (SELECT count(*) FROM MHS901StaffDetails)
        UNION ALL SELECT 'MHS902ServiceTeamDetails', (SELECT count(*) FROM MHS902ServiceTeamDetails)) t;
