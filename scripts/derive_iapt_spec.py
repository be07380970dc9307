#!/usr/bin/env python3
"""Derive the IAPT (NHS Talking Therapies) v2.0 and v2.1 specification folders for mhds.

Outputs specs/iapt/2.0/ and specs/iapt/2.1/ (format: docs/spec_format.md):
dataset.csv, tables.csv, items.csv, codes.csv, rules.csv, national_rules.csv.

Inputs (read only):
  specs/mhsds/6.0/items.csv, rules.csv, codes.csv  the MHSDS folder (itself derived by
                                                    scripts/derive_mhsds_spec.py); an IAPT item
                                                    that is the same item as an MHSDS one takes
                                                    its format, type, mandation, code list and
                                                    record/group rules from there
  scripts/iapt_curation/codes.csv                   IAPT-only code lists, each row with a source
  the curated tables below                          tables, hierarchy and item lists of
                                                    shared/spec/spec-facts.md section 4, plus the
                                                    behaviour named in the 2020 IAPT v2.0 data
                                                    quality webinar and the v2.1 guidance

No IAPT rule list (ETOS) was available. Rule codes follow the national pattern
IDS + 3-digit table + 2-digit sequence. Where the IAPT table has the same number and meaning
as an MHSDS table, a mirrored rule keeps the MHSDS sequence number (the webinar codes IDS00202,
IDS00220 and IDS00707 match MHS00202, MHS00220 and MHS00707, which supports this); other rules
get the next free sequence of their table. Only the codes in CONFIRMED are marked source=etos.

Python 3 standard library only. Run from anywhere:  python3 scripts/derive_iapt_spec.py
With --check it writes nothing and exits 1 if the committed folders differ from what it would write.
Messages and descriptions are our own words.
"""
import collections
import csv
import os
import re
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MHSDS = os.path.join(REPO, 'specs', 'mhsds', '6.0')
CURATION = os.path.join(REPO, 'scripts', 'iapt_curation')
OUT_ROOT = os.path.join(REPO, 'specs', 'iapt')

# Codes confirmed by the 2020 webinar (as quoted in spec-facts section 5 and the transcript).
CONFIRMED = {
    'IDSREJ002': 'header table empty: the whole file is rejected (webinar 2020)',
    'IDS00202': 'LocalPatientId on IDS002 has the wrong format (longer than 20): record rejected (webinar 2020)',
    'IDS00220': 'no valid IDS001 row for the LocalPatientId of an IDS002 row: group rejected (webinar 2020)',
    'IDS00159': 'invalid ExBAFIndicator on IDS001: record rejected (webinar 2020)',
    'IDS00707': 'invalid DisabCode on IDS007: warning (webinar 2020)',
}

LPI = 'LocalPatientId'
SRI = 'ServiceRequestId'

# code: (idb_name, title, key_items, parent, parent_items, group_mandation, versions, mhsds table
#        whose rules are mirrored with their own sequence numbers (same number and meaning) or '',
#        description)
TABLES = collections.OrderedDict([
    ('IDS000', ('IDS000Header', 'Header', 'OrgIDProv', '', '', 'M', '20 21', 'MHS000',
                'One row per submission file; key shown in reports only (chosen key).')),
    ('IDS001', ('IDS001MPI', 'Master Patient Index', LPI, '', '', 'M', '20 21', 'MHS001',
                'One row per patient; top of the patient hierarchy.')),
    ('IDS002', ('IDS002GP', 'GP Practice Registration', 'LocalPatientId;GMPCodeReg;StartDateGMPRegistration', 'IDS001', LPI, 'R', '20 21', 'MHS002',
                'GP practice registrations of the patient; key mirrors MHS00221. Group mandation R (inferred): the guidance does not name IDS002 as a mandatory group, but the webinar says a patient whose GP rows are all rejected is rejected too (rule IDS00145).')),
    ('IDS003', ('IDS003AccommStatus', 'Accommodation Status', 'LocalPatientId;AccommodationTypeDate', 'IDS001', LPI, 'O', '21', 'MHS003',
                'New in v2.1 (guidance). Item names not found: taken from MHSDS MHS003 (inferred); key mirrors MHS00315.')),
    ('IDS004', ('IDS004EmpStatus', 'Employment Status', 'LocalPatientId;EmployStatusRecDate', 'IDS001', LPI, 'O', '20 21', 'MHS004',
                'Employment status records; key mirrors MHS00413.')),
    ('IDS007', ('IDS007DisabilityType', 'Disability Type', 'LocalPatientId;DisabCode', 'IDS001', LPI, 'O', '20 21', 'MHS007',
                'Disability types; composite key LocalPatientId + DisabCode named in the webinar.')),
    ('IDS011', ('IDS011SocPerCircumstances', 'Social and Personal Circumstances', 'LocalPatientId;SocPerCircumstance;SocPerCircumstanceRecDate', 'IDS001', LPI, 'O', '20 21', 'MHS011',
                'Social and personal circumstances (SNOMED CT); chosen key.')),
    ('IDS012', ('IDS012OverseasVisitorChargCat', 'Overseas Visitor Charging Category', 'LocalPatientId;OvsVisChCat;OvsVisChCatAppDate', 'IDS001', LPI, 'O', '20 21', 'MHS012',
                'Overseas visitor charging categories; key mirrors MHS01202.')),
    ('IDS101', ('IDS101Referral', 'Referral', SRI, 'IDS001', LPI, 'M', '20 21', 'MHS101',
                'Referrals to the IAPT service; the root record of the national model, joined to its patient by LocalPatientId.')),
    ('IDS105', ('IDS105OnwardReferral', 'Onward Referral', 'ServiceRequestId;OnwardReferDate;OnwardReferTime', 'IDS101', SRI, 'O', '20 21', 'MHS105',
                'Onward referrals; chosen key.')),
    ('IDS108', ('IDS108WaitingTimePauses', 'Waiting Time Pauses', 'PauseID', 'IDS101', SRI, 'O', '20 21', '',
                'Pauses in the waiting time clock; key PauseID (chosen).')),
    ('IDS201', ('IDS201CareContact', 'Care Contact', 'CareContactId', 'IDS101', SRI, 'O', '20 21', 'MHS201',
                'Care contacts (appointments) of a referral.')),
    ('IDS202', ('IDS202CareActivity', 'Care Activity', 'CareActId', 'IDS201', 'CareContactId', 'O', '20 21', 'MHS202',
                'Care activities within a contact.')),
    ('IDS205', ('IDS205InternetTherLog', 'Internet Enabled Therapy Log', 'ServiceRequestId;StartDateIntEnabledTherLog;IntEnabledTherProg', 'IDS101', SRI, 'O', '20 21', '',
                'Internet enabled therapy log; chosen key (no MHSDS equivalent).')),
    ('IDS601', ('IDS601MedHistPrevDiag', 'Medical History (Previous Diagnosis)', 'LocalPatientId;PrevDiag;CodedDiagTimestamp', 'IDS001', LPI, 'O', '21', 'MHS601',
                'New in v2.1 (guidance). Items and key taken from MHSDS MHS601 (inferred).')),
    ('IDS602', ('IDS602LongTermCondition', 'Long Term Condition', 'ServiceRequestId;LongTermCondition', 'IDS101', SRI, 'O', '20 21', '',
                'Long term physical health conditions of the referral; chosen key.')),
    ('IDS603', ('IDS603PresentingComplaints', 'Presenting Complaints', 'ServiceRequestId;PresComp;PresCompDate', 'IDS101', SRI, 'O', '20 21', '',
                'Presenting complaints; items mirror MHSDS MHS609 (different table number, so new sequences); chosen key.')),
    ('IDS606', ('IDS606CodedScoreAssessmentRefer', 'Coded Scored Assessment (Referral)', 'ServiceRequestId;CodedAssToolType;AssToolCompDate;AssToolCompTime', 'IDS101', SRI, 'O', '20 21', 'MHS606',
                'Coded scored assessments on a referral; chosen key.')),
    ('IDS607', ('IDS607CodedScoreAssessmentAct', 'Coded Scored Assessment (Care Activity)', 'CareActId;CodedAssToolType;PersScore', 'IDS202', 'CareActId', 'O', '20 21', 'MHS607',
                'Coded scored assessments in a care activity; key mirrors MHS60709.')),
    ('IDS803', ('IDS803CareCluster', 'Care Cluster', 'LocalPatientId;StartDateCareClust;StartTimeCareClust', 'IDS001', LPI, 'O', '20 21', '',
                'Care clusters (MHSDS cluster tables are retired in v6.0, so nothing is mirrored); chosen key.')),
    ('IDS902', ('IDS902CarePersQual', 'Care Personnel Qualification', 'CarePersLocalId', '', '', 'O', '20 21', '',
                'Care personnel qualifications; stand-alone, keyed by CarePersLocalId (linked to activity through CarePersLocalId on IDS202/IDS205).')),
])

# Items per table, in the order of spec-facts 4.2.  Each entry:
#   (short_name, versions, mhsds (table, short_name) or None, own (name, format, type, mandation,
#    code_list) for items with no MHSDS equivalent, note)
# Where mhsds is given, the item is taken to be the same item (format, type, mandation, code list
# and rules copied; source inferred-from-mhsds).
B = '20 21'


def M(t, s):
    return (t, s)


ITEMS = {
    'IDS000': [
        ('DatSetVer', B, M('MHS000', 'DatSetVer'), None, ''),
        ('OrgIDProv', B, M('MHS000', 'OrgIDProvider'), None, ''),
        ('OrgIDSubmit', B, M('MHS000', 'OrgIDSubmit'), None, ''),
        ('PrimSystemInUse', B, M('MHS000', 'PrimSystemInUse'), None, ''),
        ('ReportingPeriodStartDate', B, M('MHS000', 'ReportingPeriodStartDate'), None, ''),
        ('ReportingPeriodEndDate', B, M('MHS000', 'ReportingPeriodEndDate'), None, ''),
        ('DateTimeDatSetCreate', B, M('MHS000', 'DateTimeDatSetCreate'), None, ''),
    ],
    'IDS001': [
        (LPI, B, M('MHS001', 'LocalPatientID'), None, ''),
        ('OrgIDLocalPatientId', B, M('MHS001', 'OrgIDLocalPatientID'), None, ''),
        ('OrgIDResidenceResp', B, M('MHS001', 'OrgIDResidenceResp'), None, ''),
        ('NHSNumber', B, M('MHS001', 'NHSNumber'), None, 'missing: warning; failing Modulus 11: file rejected (webinar)'),
        ('NHSNumberStatus', B, M('MHS001', 'NHSNumberStatus'), None, ''),
        ('PersonBirthDate', B, M('MHS001', 'PersonBirthDate'), None, 'R in v2.0, M in v2.1 (v2.1 guidance)'),
        ('Postcode', B, M('MHS001', 'Postcode'), None, ''),
        ('Gender', B, M('MHS001', 'Gender'), None, ''),
        ('GenderIDCode', '21', M('MHS001', 'GenderIDCode'), None, 'added in v2.1 to align with MHSDS v5.0 (guidance); IDB name taken from MHSDS (inferred)'),
        ('GenderSameAtBirth', '21', M('MHS001', 'GenderSameAtBirth'), None, 'added in v2.1 to align with MHSDS v5.0 (guidance); IDB name taken from MHSDS (inferred)'),
        ('EthnicCategory', B, M('MHS001', 'EthnicCategory'), None, ''),
        ('ExBAFIndicator', B, M('MHS005', 'ExBAFIndicator'), None, 'on MHS005 in MHSDS; invalid code rejects the record (IDS00159, webinar)'),
        ('LanguageCodePreferred', B, M('MHS001', 'LanguageCodePreferred'), None, ''),
        ('EduEstabTypeIAPT', B, None, ('EDUCATIONAL ESTABLISHMENT TYPE (IAPT)', 'max an2', 'text', 'O', ''), 'IAPT only; format inferred, code list not sourced'),
    ],
    'IDS002': [
        (LPI, B, M('MHS002', 'LocalPatientID'), None, 'format max an20: IDS00202 (webinar)'),
        ('GMPCodeReg', B, M('MHS002', 'GMPReg'), None, 'MHSDS name GMPReg'),
        ('StartDateGMPRegistration', B, M('MHS002', 'StartDateGMPRegistration'), None, ''),
        ('EndDateGMPRegistration', B, M('MHS002', 'EndDateGMPRegistration'), None, ''),
        ('OrgIDGPPrac', B, M('MHS002', 'OrgIDGPPrac'), None, 'not mandatory on the GP table (webinar)'),
    ],
    'IDS003': [
        (LPI, '21', M('MHS003', 'LocalPatientID'), None, ''),
        ('AccommodationType', '21', M('MHS003', 'AccommodationType'), None, 'item name from MHSDS (inferred)'),
        ('AccommodationTypeDate', '21', M('MHS003', 'AccommodationTypeDate'), None, 'item name from MHSDS (inferred)'),
        ('AccommodationTypeStartDate', '21', M('MHS003', 'AccommodationTypeStartDate'), None, 'item name from MHSDS (inferred)'),
        ('AccommodationTypeEndDate', '21', M('MHS003', 'AccommodationTypeEndDate'), None, 'item name from MHSDS (inferred)'),
        ('SettledAccommodationInd', '21', M('MHS003', 'SettledAccommodationInd'), None, 'item name from MHSDS (inferred)'),
    ],
    'IDS004': [
        (LPI, B, M('MHS004', 'LocalPatientID'), None, ''),
        ('EmployStatus', B, M('MHS004', 'EmployStatus'), None, ''),
        ('EmployStatusRecDate', B, M('MHS004', 'EmployStatusRecDate'), None, 'R in v2.0, M in v2.1 (v2.1 guidance)'),
        ('WeekHoursWorked', B, M('MHS004', 'WeekHoursWorked'), None, ''),
    ] + [(n, B, None, (t, 'an1', 'text', 'O', ''), 'IAPT employment-adviser indicator; format an1 inferred, value list not sourced')
         for n, t in [('SelfEmployInd', 'SELF EMPLOYMENT INDICATOR'), ('SickAbsenceInd', 'SICKNESS ABSENCE INDICATOR'),
                      ('SSPInd', 'STATUTORY SICK PAY INDICATOR'), ('BenefitRecInd', 'BENEFIT RECEIPT INDICATOR'),
                      ('JSAInd', "JOB SEEKER'S ALLOWANCE INDICATOR"), ('ESAInd', 'EMPLOYMENT AND SUPPORT ALLOWANCE INDICATOR'),
                      ('UCInd', 'UNIVERSAL CREDIT INDICATOR'), ('PIPInd', 'PERSONAL INDEPENDENCE PAYMENT INDICATOR'),
                      ('OtherBenefitInd', 'OTHER BENEFIT INDICATOR'), ('EmpSupportInd', 'EMPLOYMENT SUPPORT INDICATOR'),
                      ('EmpSupportReferral', 'EMPLOYMENT SUPPORT REFERRAL INDICATOR')]],
    'IDS007': [
        (LPI, B, M('MHS007', 'LocalPatientID'), None, ''),
        ('DisabCode', B, M('MHS007', 'DisabCode'), None, 'invalid code: warning IDS00707 (webinar)'),
    ],
    'IDS011': [
        (LPI, B, M('MHS011', 'LocalPatientID'), None, ''),
        ('SocPerCircumstance', B, M('MHS011', 'SocPerCircumstance'), None, ''),
        ('SocPerCircumstanceRecDate', B, None, ('SOCIAL AND PERSONAL CIRCUMSTANCE RECORDED DATE', 'an10', 'date', 'O', ''), 'a date in IAPT (MHSDS v6 has a timestamp); format inferred'),
    ],
    'IDS012': [
        (LPI, B, M('MHS012', 'LocalPatientID'), None, ''),
        ('OvsVisChCat', B, M('MHS012', 'OvsVisChCat'), None, ''),
        ('OvsVisChCatAppDate', B, M('MHS012', 'OvsVisChCatAppDate'), None, ''),
    ],
    'IDS101': [
        (SRI, B, M('MHS101', 'ServiceRequestID'), None, ''),
        (LPI, B, M('MHS101', 'LocalPatientID'), None, ''),
        ('OrgIDComm', B, M('MHS101', 'OrgIDComm'), None, 'mandatory on the referral (webinar)'),
        ('ReferralRequestReceivedDate', B, M('MHS101', 'ReferralRequestReceivedDate'), None, ''),
        ('SourceOfReferralMH', B, M('MHS101', 'SourceOfReferralMH'), None, ''),
        ('OnsetDate', B, None, ('ONSET DATE', 'an10', 'date', 'O', ''), 'IAPT only; format inferred'),
        ('PrevDiagCondInd', B, None, ('PREVIOUSLY DIAGNOSED CONDITION INDICATOR', 'an1', 'text', 'O', ''), 'IAPT only; format inferred, value list not sourced'),
        ('EndCode', B, None, ('IAPT CARE SPELL END CODE', 'an2', 'text', 'R', 'EndCode'), 'IAPT only; codes from spec-facts 4.2'),
        ('ServDischDate', B, M('MHS101', 'ServDischDate'), None, ''),
    ],
    'IDS105': [
        (SRI, B, M('MHS105', 'ServiceRequestID'), None, ''),
        ('OnwardReferDate', B, M('MHS105', 'OnwardReferDate'), None, ''),
        ('OnwardReferTime', B, M('MHS105', 'OnwardReferTime'), None, ''),
        ('OnwardReferReason', B, M('MHS105', 'OnwardReferReason'), None, ''),
        ('OrgIDReceiving', B, M('MHS105', 'OrgIDReceiving'), None, ''),
    ],
    'IDS108': [
        ('PauseID', B, None, ('PAUSE IDENTIFIER', 'max an20', 'text', 'M', ''), 'IAPT only; identifier format as other local ids (inferred)'),
        (SRI, B, M('MHS101', 'ServiceRequestID'), None, 'same item as the referral identifier'),
        ('PauseStartDate', B, None, ('PAUSE START DATE', 'an10', 'date', 'M', ''), 'IAPT only; format and mandation inferred'),
        ('PauseEndDate', B, None, ('PAUSE END DATE', 'an10', 'date', 'O', ''), 'IAPT only; format inferred'),
        ('PauseReason', B, None, ('PAUSE REASON', 'max an2', 'text', 'O', ''), 'IAPT only; format inferred, value list not sourced'),
    ],
    'IDS201': [
        ('CareContactId', B, M('MHS201', 'CareContactID'), None, ''),
        (SRI, B, M('MHS201', 'ServiceRequestID'), None, ''),
        ('CareContDate', B, M('MHS201', 'CareContDate'), None, ''),
        ('CareContTime', B, M('MHS201', 'CareContTime'), None, ''),
        ('OrgIDComm', B, M('MHS201', 'OrgIDComm'), None, ''),
        ('PlannedCareContIndicator', B, M('MHS201', 'PlannedCareContIndicator'), None, ''),
        ('AttendOrDNACode', B, None, ('ATTENDED OR DID NOT ATTEND', 'max an2', 'text', 'R', 'AttendOrDNACode'),
         "max an2 so that the '05' seen in national data is not a format rejection; it gets the code warning (see README)"),
        ('Cancellation', B, None, ('CARE CONTACT CANCELLATION', 'max an2', 'text', 'O', ''), 'IAPT only; format inferred'),
        ('ClinContDurOfCareCont', B, M('MHS201', 'ClinContDurOfCareCont'), None, ''),
        ('IAPTLTCServiceInd', B, None, ('INTEGRATED IAPT LONG TERM CONDITION SERVICE INDICATOR', 'an1', 'text', 'O', ''), 'IAPT only (2019 corrigendum); format inferred'),
        ('AppType', B, None, ('IAPT APPOINTMENT TYPE', 'an2', 'text', 'R', 'AppType'), 'IAPT only; codes from spec-facts 4.2'),
        ('ConsMediumUsed', B, None, ('CONSULTATION MEDIUM USED', 'an2', 'text', 'R', 'ConsMediumUsed'), 'MHSDS v4.1 list assumed (inferred)'),
        ('IntEnabledTherProg', B, None, ('INTERNET ENABLED THERAPY PROGRAMME', 'max an2', 'text', 'O', ''), 'IAPT only; format inferred'),
        ('CareContPatientTherMode', B, M('MHS201', 'CareContPatientTherMode'), None, ''),
        ('NumGroupTherParticipants', B, None, ('NUMBER OF GROUP THERAPY PARTICIPANTS', 'max n3', 'integer', 'O', ''), 'IAPT only; format inferred'),
        ('NumGroupTherFacilitators', B, None, ('NUMBER OF GROUP THERAPY FACILITATORS', 'max n3', 'integer', 'O', ''), 'IAPT only; format inferred'),
        ('PsychMed', B, None, ('PSYCHOTROPIC MEDICATION INDICATOR', 'max an2', 'text', 'O', ''), 'IAPT only; format inferred'),
        ('ActLocTypeCode', B, M('MHS201', 'ActLocTypeCode'), None, ''),
        ('SiteIDOfTreat', B, M('MHS201', 'SiteIDOfTreat'), None, ''),
        ('LanguageCodeTreat', B, M('MHS201', 'LanguageCodeTreat'), None, ''),
        ('InterpreterPresentInd', B, M('MHS201', 'InterpreterPresentInd'), None, ''),
    ],
    'IDS202': [
        ('CareActId', B, M('MHS202', 'CareActID'), None, ''),
        ('CareContactId', B, M('MHS202', 'CareContactID'), None, ''),
        ('CarePersLocalId', B, None, ('CARE PERSONNEL LOCAL IDENTIFIER', 'max an20', 'text', 'R', ''), 'IAPT only; identifier format inferred'),
        ('ClinContactDurOfCareAct', B, M('MHS202', 'ClinContactDurOfCareAct'), None, ''),
        ('CodeProcAndProcStatus', B, M('MHS202', 'Procedure'), None, 'SNOMED CT procedure; MHSDS name Procedure'),
        ('FindSchemeInUse', B, M('MHS202', 'FindSchemeInUse'), None, ''),
        ('CodeFind', B, M('MHS202', 'Finding'), None, 'MHSDS name Finding'),
        ('CodeObs', B, M('MHS202', 'Observation'), None, 'MHSDS name Observation'),
        ('ObsValue', B, M('MHS202', 'ObsValue'), None, ''),
        ('UnitMeasure', B, M('MHS202', 'UnitofMeasurement_UCUM'), None, 'MHSDS name UnitofMeasurement_UCUM'),
    ],
    'IDS205': [
        (SRI, B, M('MHS101', 'ServiceRequestID'), None, 'same item as the referral identifier'),
        ('StartDateIntEnabledTherLog', B, None, ('START DATE (INTERNET ENABLED THERAPY LOG)', 'an10', 'date', 'M', ''), 'IAPT only; format and mandation inferred'),
        ('EndDateIntEnabledTherLog', B, None, ('END DATE (INTERNET ENABLED THERAPY LOG)', 'an10', 'date', 'O', ''), 'IAPT only; format inferred'),
        ('IntEnabledTherProg', B, None, ('INTERNET ENABLED THERAPY PROGRAMME', 'max an2', 'text', 'M', ''), 'IAPT only; format and mandation inferred'),
        ('DurationIntEnabledTher', B, None, ('DURATION OF INTERNET ENABLED THERAPY', 'max n4', 'integer', 'O', ''), 'IAPT only; minutes, format inferred'),
        ('CarePersLocalId', B, None, ('CARE PERSONNEL LOCAL IDENTIFIER', 'max an20', 'text', 'O', ''), 'IAPT only; identifier format inferred'),
        ('IntegratedSoftwareInd', B, None, ('INTEGRATED SOFTWARE INDICATOR', 'an1', 'text', 'O', ''), 'IAPT only; format inferred'),
    ],
    'IDS601': [
        (LPI, '21', M('MHS601', 'LocalPatientID'), None, ''),
        ('DiagSchemeInUse', '21', M('MHS601', 'DiagSchemeInUse'), None, 'item taken from MHSDS MHS601 (inferred)'),
        ('PrevDiag', '21', M('MHS601', 'PrevDiag'), None, ''),
        ('CodedDiagTimestamp', '21', M('MHS601', 'CodedDiagTimestamp'), None, 'item taken from MHSDS MHS601 (inferred)'),
    ],
    'IDS602': [
        (SRI, B, M('MHS101', 'ServiceRequestID'), None, 'same item as the referral identifier'),
        ('FindSchemeInUse', B, M('MHS609', 'FindSchemeInUse'), None, ''),
        ('LongTermCondition', B, M('MHS609', 'PresComp'), None, 'coded finding like PresComp (inferred)'),
    ],
    'IDS603': [
        (SRI, B, M('MHS609', 'ServiceRequestID'), None, ''),
        ('FindSchemeInUse', B, M('MHS609', 'FindSchemeInUse'), None, ''),
        ('PresComp', B, M('MHS609', 'PresComp'), None, ''),
        ('PresCompCodSig', B, M('MHS609', 'PresCompCodSig'), None, ''),
        ('PresCompDate', B, M('MHS609', 'PresCompDate'), None, ''),
    ],
    'IDS606': [
        (SRI, B, M('MHS606', 'ServiceRequestID'), None, ''),
        ('CodedAssToolType', B, M('MHS606', 'CodedAssToolType'), None, ''),
        ('PersScore', B, M('MHS606', 'PersScore'), None, ''),
        ('AssToolCompDate', B, None, ('ASSESSMENT TOOL COMPLETION DATE', 'an10', 'date', 'M', ''), 'a date in IAPT (MHSDS v6 has a timestamp); format inferred'),
        ('AssToolCompTime', B, None, ('ASSESSMENT TOOL COMPLETION TIME', 'an8', 'time', 'O', ''), 'format inferred'),
    ],
    'IDS607': [
        ('CareActId', B, M('MHS607', 'CareActID'), None, ''),
        ('CodedAssToolType', B, M('MHS607', 'CodedAssToolType'), None, ''),
        ('PersScore', B, M('MHS607', 'PersScore'), None, ''),
    ],
    'IDS803': [
        (LPI, B, M('MHS001', 'LocalPatientID'), None, 'same item as the patient identifier'),
        ('AMHCareClustCodeFin', B, None, ('ADULT MENTAL HEALTH CARE CLUSTER CODE (FINAL)', 'an2', 'text', 'M', ''), 'IAPT only; format inferred'),
        ('StartDateCareClust', B, None, ('START DATE (CARE CLUSTER)', 'an10', 'date', 'M', ''), 'format and mandation inferred'),
        ('StartTimeCareClust', B, None, ('START TIME (CARE CLUSTER)', 'an8', 'time', 'O', ''), 'format inferred'),
        ('EndDateCareClust', B, None, ('END DATE (CARE CLUSTER)', 'an10', 'date', 'O', ''), 'format inferred'),
        ('EndTimeCareClust', B, None, ('END TIME (CARE CLUSTER)', 'an8', 'time', 'O', ''), 'format inferred'),
    ],
    'IDS902': [
        ('CarePersLocalId', B, None, ('CARE PERSONNEL LOCAL IDENTIFIER', 'max an20', 'text', 'M', ''), 'identifier format inferred'),
        ('QualAttainLevelIAPT', B, None, ('QUALIFICATION ATTAINMENT LEVEL (IAPT)', 'max an2', 'text', 'M', ''),
         'mandatory: a row without a qualification is rejected (webinar); format inferred'),
        ('QualAwardedDate', B, None, ('QUALIFICATION AWARDED DATE', 'an10', 'date', 'O', ''), 'format inferred'),
        ('QualPlannedCompletionDate', B, None, ('QUALIFICATION PLANNED COMPLETION DATE', 'an10', 'date', 'O', ''), 'format inferred'),
    ],
}

# Mandation changes of v2.1 (guidance section 2, item 5): Required -> Mandatory.
V21_MANDATORY = {('IDS001', 'PersonBirthDate'), ('IDS004', 'EmployStatusRecDate')}

# Rule kinds mirrored from MHSDS.
RECORD_KINDS = {'blank', 'format', 'code', 'compare', 'age', 'conditional', 'version_in_force'}

MSG_BLANK_M = '{item} ({uid}) is mandatory but blank; supply a value.'
MSG_BLANK_R = '{item} ({uid}) is blank; it should be supplied where known.'
MSG_FORMAT = "{item} ({uid}) value '{value}' is not {expected}; correct the value."
MSG_CODE = "{item} ({uid}) value '{value}' is not a code of the {list} list valid for this period; use a national code."
MSG_PARENT = 'No valid {parent} row has %s {value}: it is missing or was itself rejected; send the parent row or correct the identifier.'
MSG_DUP = '{count} rows of {table} share the same %s; each must be unique, so all of them are rejected.'


def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def write_csv(path, fields, rows):
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, '') for k in fields})


def build(ver):
    """Return (tables, items, rules) rows for version '20' or '21'."""
    mh_items = {(r['table'], r['short_name']): r for r in read_csv(os.path.join(MHSDS, 'items.csv'))}
    mh_rules = read_csv(os.path.join(MHSDS, 'rules.csv'))
    tables = [(c, t) for c, t in TABLES.items() if ver in t[6].split()]
    codes_here = {c for c, _ in tables}

    # items
    items, names, alias = [], {}, {}
    for code, _ in tables:
        names[code] = []
        alias[code] = {}  # MHSDS short name (lower) -> IAPT short name
        seq = 0
        for short, vers, mh, own, note in ITEMS[code]:
            seq += 1  # local UID by position over both versions, so it is stable across them
            if ver not in vers.split():
                continue
            row = {'table': code, 'uid': 'I%sx%02d' % (code[3:], seq), 'short_name': short}
            if mh:
                src = mh_items[mh]
                row.update(name=src['name'], format=src['format'], type=src['type'],
                           mandation=src['mandation'], code_list=src['code_list'],
                           source='inferred-from-mhsds')
                if mh[0] == TABLES[code][7]:
                    alias[code][mh[1].lower()] = short
                note = ('same item as %s %s (%s)' % (mh[0], mh[1], src['uid']) + ('; ' + note if note else ''))
                if src['code_list'] == '' and 'not yet possible' in src['description']:
                    note += '; no code list (MHSDS has none sourced)'
            else:
                name, fmt, typ, mand, cl = own
                row.update(name=name, format=fmt, type=typ, mandation=mand, code_list=cl,
                           source='spec-facts' if cl in ('EndCode', 'AttendOrDNACode', 'AppType') else 'inferred')
            if code == 'IDS001' and short == 'ExBAFIndicator':
                row['code_list'] = 'ExBAFIndicator'
            if ver == '21' and (code, short) in V21_MANDATORY:
                row['mandation'] = 'M'
            row['description'] = note
            items.append(row)
            names[code].append(short)

    item_of = {(r['table'], r['short_name']): r for r in items}

    def ref(code, r):
        """Translate an MHSDS reference used by a rule of table `code`; None if not available."""
        if r.startswith(('submission.', 'dataset.')):
            return r
        if r.startswith('header.'):
            n = alias['IDS000'].get(r[7:].lower())
            return 'header.' + n if n else None
        if r.startswith('parent.'):
            parent = TABLES[code][3]
            n = alias.get(parent, {}).get(r[7:].lower()) if parent else None
            return 'parent.' + n if n else None
        return alias[code].get(r.lower())

    rules, used = [], collections.defaultdict(set)
    late_pending = []

    def add(code, table, item, level, sev, kind, params, msg):
        assert code not in {r['code'] for r in rules}, code
        used[table].add(code)
        rules.append({'code': code, 'table': table, 'item': item, 'level': level, 'severity': sev,
                      'kind': kind, 'params': params, 'message': msg,
                      'source': 'etos' if code in CONFIRMED else 'mhds'})

    # IDS00159 (ExBAFIndicator) is the only confirmed code whose number is not a mirrored MHSDS
    # rule of the same meaning, so it is kept free; IDS00202/00220/00707 come from the mirror and
    # are checked below.
    reserved = collections.defaultdict(set)
    reserved['IDS001'].add(59)

    # Pass 1: rules mirrored with their MHSDS sequence number (same table number and meaning).
    pending = []  # (table, item, level, sev, kind, params, msg) needing a new sequence number
    for code, t in tables:
        mh_table = t[7]
        for short, vers, mh, own, note in ITEMS[code]:
            if ver not in vers.split() or not mh:
                continue
            for r in mh_rules:
                if r['table'] != mh[0] or r['item'] != mh[1] or r['kind'] not in RECORD_KINDS:
                    continue
                if r['kind'] == 'code' and not item_of[(code, short)]['code_list']:
                    continue
                params, ok = [], True
                for p in [p for p in r['params'].split(';') if p]:
                    k, _, v = p.partition('=')
                    if k in ('other', 'at'):
                        v2 = ref(code, v)
                        ok = ok and v2 is not None
                        v = v2 or v
                    elif k in ('if', 'then'):
                        conds = []
                        for cond in v.split('&'):
                            n, _, test = cond.partition(':')
                            n2 = ref(code, n) if mh[0] == mh_table else (short if n == mh[1] else None)
                            ok = ok and n2 is not None
                            conds.append('%s:%s' % (n2, test))
                        v = '&'.join(conds)
                    params.append('%s=%s' % (k, v))
                if r['kind'] == 'compare' and mh[0] != mh_table and not r['params'].count('header.') \
                        and not r['params'].count('submission.'):
                    ok = False  # same-row references only resolve through the same table
                if not ok:
                    continue
                msg = r['message']
                row = (code, short, r['level'], r['severity'], r['kind'], ';'.join(params), msg)
                seq = int(r['code'][6:])
                if mh[0] == mh_table and seq not in reserved[code]:
                    add('IDS' + r['code'][3:], *row)
                else:
                    pending.append(row)

    # Behaviour named in the webinar and the guidance.
    for code, t in tables:
        for short, vers, mh, own, note in ITEMS[code]:
            if ver not in vers.split() or mh:
                continue
            it = item_of[(code, short)]
            if it['mandation'] == 'M':
                pending.append((code, short, 'record', 'reject', 'blank', '', MSG_BLANK_M))
            pending.append((code, short, 'record', 'reject', 'format', '', MSG_FORMAT))
            if it['code_list']:
                pending.append((code, short, 'record', 'warning', 'code', '', MSG_CODE))
    # IDS00159: invalid ExBAFIndicator rejects the MPI row (webinar); format rule gets a new number.
    add('IDS00159', 'IDS001', 'ExBAFIndicator', 'record', 'reject', 'code', '',
        "{item} ({uid}) value '{value}' is not a code of the {list} list; the patient row is rejected, and with it the patient's dependent rows.")
    # IDS00211: the webinar says a GP registration starting after the reporting period end is
    # rejected; MHS00211 allows one extra day, IAPT (as stated) does not.
    gp_start = [r for r in rules if r['code'] == 'IDS00211']
    assert gp_start and gp_start[0]['params'] == 'op=gt;other=header.ReportingPeriodEndDate;offset=1d'
    gp_start[0]['params'] = 'op=gt;other=header.ReportingPeriodEndDate'
    gp_start[0]['message'] = ('{item} ({value}) is later than {other} in the header ({other_value}); '
                              'a registration starting after the period is sent next month. Check the date.')
    # v2.1 mandation changes: the blank rule becomes a rejection.
    # (MHSDS v6 has no blank rule for EmployStatusRecDate, so v2.1 gets a new one, numbered last
    # in its table so that the other numbers stay the same in both versions.)
    if ver == '21':
        for table, item in sorted(V21_MANDATORY):
            blank = [r for r in rules if (r['table'], r['item'], r['kind']) == (table, item, 'blank')]
            for r in blank:
                r['severity'], r['message'] = 'reject', MSG_BLANK_M
            if not blank:
                late_pending.append((table, item, 'record', 'reject', 'blank', '', MSG_BLANK_M))

    # Group rules: parent links, duplicates, has_child, header rows.
    mh_group = [r for r in mh_rules if r['level'] == 'group']
    for code, t in tables:
        mh_table, parent, pitems = t[7], t[3], t[4]
        if parent:
            mh_code = None
            for r in mh_group:
                if r['table'] == mh_table and r['kind'] == 'parent' and \
                        r['params'].startswith('parent=%s;' % ('MHS' + parent[3:])):
                    mh_code = r['code']
            row = (code, '', 'group', 'reject', 'parent', 'parent=%s;items=%s' % (parent, pitems), MSG_PARENT % pitems)
            if mh_code:
                add('IDS' + mh_code[3:], *row)
            else:
                pending.append(row)
        done = False
        for r in mh_group:
            if r['table'] != mh_table or not mh_table or r['kind'] != 'duplicate':
                continue
            m = re.match(r'items=([^=]*?)(?:;where_blank=(.*))?$', r['params'])
            its = [alias[code].get(x.lower()) for x in m.group(1).split(';')]
            wb = alias[code].get(m.group(2).lower()) if m.group(2) else ''
            if None in its or wb is None:
                continue
            params = 'items=' + ';'.join(its) + (';where_blank=' + wb if wb else '')
            label = ' + '.join(its) + (' with %s blank' % wb if wb else '')
            add('IDS' + r['code'][3:], code, '', 'group', 'reject', 'duplicate', params, MSG_DUP % label)
            done = done or not wb
        if not done and code != 'IDS000':
            keys = t[2].split(';')
            pending.append((code, '', 'group', 'reject', 'duplicate', 'items=' + ';'.join(keys), MSG_DUP % ' + '.join(keys)))
    add('IDS00025', 'IDS000', '', 'group', 'reject', 'max_rows', 'max=1', 'The file has {count} header rows in {table}; send exactly one.')
    add('IDS00145', 'IDS001', '', 'group', 'reject', 'has_child', 'child=IDS002',
        'No valid GP row was sent for this {table} row; send at least one, otherwise the patient and its dependent rows are rejected.')

    # An item taken from an MHSDS item that has no rule there (retired in MHSDS v6.0, still
    # submitted in IAPT, e.g. OrgIDGPPrac) gets a format rule of its own, numbered after the rest
    # so that the other numbers do not move.
    unmirrored = []
    formatted = {(r['table'], r['item']) for r in rules if r['kind'] == 'format'} | \
                {(p[0], p[1]) for p in pending if p[4] == 'format'}
    for code, _ in tables:
        for short, vers, mh, own, note in ITEMS[code]:
            if ver in vers.split() and (code, short) not in formatted:
                unmirrored.append((code, short, 'record', 'reject', 'format', '', MSG_FORMAT))

    # New sequence numbers, table by table, after the highest one in use.
    for row in pending + unmirrored + late_pending:
        table = row[0]
        nums = {int(c[6:]) for c in used[table]} | reserved[table]
        n = max(nums | {0}) + 1
        assert n <= 99, table
        add('IDS%s%02d' % (table[3:], n), *row)

    # File-level and structural rules.
    add('IDSREJ002', 'IDS000', '', 'file', 'reject', 'empty_table', '',
        'The header table {table} has no row; the whole file is rejected. Send exactly one header row.')
    add('IDSREJ901', '*', '', 'file', 'reject', 'missing_table', '',
        'Table {table} must be in every submission but is missing; include it (header, MPI and Referral always).')
    add('IDSREJ903', '*', '', 'file', 'reject', 'missing_column', '',
        'Table {table} lacks the column of mandatory item {item}; add the column, keeping the IDB structure.')
    add('IDSREJ904', '*', '', 'file', 'reject', 'duplicate_column', '',
        'Table {table} has the column {item} more than once (names compared ignoring case); keep one.')
    add('IDSREJ905', 'IDS001', 'NHSNumber', 'file', 'reject', 'nhs_number', '',
        "NHS Number '{value}' fails the Modulus 11 check or is a disallowed number (all digits the same); the whole file is rejected. Correct or remove the number.")
    label = 'IAPT v%s' % ('2.0' if ver == '20' else '2.1')
    add('IDSWRN901', '*', '', 'file', 'warning', 'unknown_column', '',
        'Column {item} of table {table} is not an item of %s and is ignored; check its spelling.' % label)
    add('IDSWRN902', '*', '', 'file', 'warning', 'unknown_table', '',
        'Table or file {table} is not part of %s and is ignored; check its name.' % label)

    order = {c: i for i, c in enumerate(TABLES)}
    rules.sort(key=lambda r: (r['table'] == '*', order.get(r['table'], 99), r['code']))
    trows = [{'code': c, 'idb_name': t[0], 'title': t[1], 'key_items': t[2], 'parent_table': t[3],
              'parent_items': t[4], 'group_mandation': t[5], 'description': t[8]} for c, t in tables]
    assert all(r['table'] in codes_here or r['table'] == '*' for r in rules)
    by = {r['code']: r for r in rules}
    assert (by['IDS00202']['table'], by['IDS00202']['item'], by['IDS00202']['kind']) == ('IDS002', LPI, 'format')
    assert (by['IDS00220']['kind'], by['IDS00220']['params']) == ('parent', 'parent=IDS001;items=' + LPI)
    assert (by['IDS00707']['item'], by['IDS00707']['kind'], by['IDS00707']['severity']) == ('DisabCode', 'code', 'warning')
    assert (by['IDS00003']['level'], by['IDS00003']['kind']) == ('file', 'version_in_force')
    # Every item has a format rule, every M item a rejecting blank rule, every coded item a code
    # rule; every child table a parent rule and every table but the header a duplicate-key rule.
    have = {(r['table'], r['item'], r['kind'], r['severity']) for r in rules}
    kinds = {(r['table'], r['item'], r['kind']) for r in rules}
    for it in items:
        key = (it['table'], it['short_name'])
        assert key + ('format',) in kinds, key
        assert it['mandation'] != 'M' or key + ('blank', 'reject') in have, key
        assert not it['code_list'] or key + ('code',) in kinds, key
    for t in trows:
        assert not t['parent_table'] or (t['code'], '', 'parent') in kinds, t['code']
        assert t['code'] == 'IDS000' or (t['code'], '', 'duplicate') in kinds, t['code']
    return trows, items, rules


def main(out_root):
    mh_codes = read_csv(os.path.join(MHSDS, 'codes.csv'))
    own_codes = read_csv(os.path.join(CURATION, 'codes.csv'))
    for ver, label in (('20', '2.0'), ('21', '2.1')):
        out = os.path.join(out_root, label)
        os.makedirs(out, exist_ok=True)
        tables, items, rules = build(ver)
        lists = {r['code_list'] for r in items if r['code_list']}
        codes = []
        for r in mh_codes:
            if r['list'] in lists:
                codes.append(dict(r, source='mhsds-6.0:' + r['source'],
                                  note='list reused from specs/mhsds/6.0 (same item); ' + r.get('note', '')))
        from_mhsds = {r['list'] for r in codes}
        codes += [r for r in own_codes if r['list'] in lists and r['list'] not in from_mhsds]
        missing = lists - {r['list'] for r in codes}
        assert not missing, missing
        dataset = [
            ('name', 'IAPT', 'Improving Access to Psychological Therapies Data Set (NHS Talking Therapies)'),
            ('version', label, 'DatSetVer as submitted in IDS000; IDS00003 rejects a file whose version is not the one in force for its period (no dual running of v2.0 and v2.1)'),
            ('title', 'IAPT Data Set v%s' % label,
             'v2.0 from the September 2020 reporting period; v2.1 from the April 2022 reporting period (spec-facts 8)' if ver == '20'
             else 'v2.1 from the April 2022 reporting period; v2.0 files are rejected (v2.1 implementation guidance)'),
            ('in_force_from', '2020-09' if ver == '20' else '2022-04',
             'first reporting month: September 2020 (the 2020 webinar: collection from 1 September 2020)' if ver == '20'
             else 'first reporting month: April 2022 (v2.1 implementation guidance: no dual running with v2.0)'),
            ('in_force_to', '2022-03' if ver == '20' else '',
             'last v2.0 reporting month: March 2022 (spec-facts, IAPT submission windows)' if ver == '20' else 'blank: open'),
            ('header_table', 'IDS000', 'one-row header table'),
            ('period_start_item', 'ReportingPeriodStartDate', ''),
            ('period_end_item', 'ReportingPeriodEndDate', ''),
            ('created_item', 'DateTimeDatSetCreate', ''),
            ('provider_item', 'OrgIDProv', ''),
            ('source', 'scripts/derive_iapt_spec.py',
             'generated from shared/spec/spec-facts.md section 4, the IAPT webinar (2020) and v2.1 guidance, specs/mhsds/6.0 and scripts/iapt_curation; do not edit by hand'),
        ]
        write_csv(os.path.join(out, 'dataset.csv'), ['setting', 'value', 'description'],
                  [dict(zip(['setting', 'value', 'description'], d)) for d in dataset])
        write_csv(os.path.join(out, 'tables.csv'), ['code', 'idb_name', 'title', 'key_items', 'parent_table',
                                                     'parent_items', 'group_mandation', 'description'], tables)
        write_csv(os.path.join(out, 'items.csv'), ['table', 'uid', 'short_name', 'name', 'format', 'type',
                                                    'mandation', 'code_list', 'description', 'source'], items)
        write_csv(os.path.join(out, 'codes.csv'), ['list', 'code', 'meaning', 'valid_from', 'valid_to', 'source', 'note'], codes)
        write_csv(os.path.join(out, 'rules.csv'), ['code', 'table', 'item', 'level', 'severity', 'kind', 'params',
                                                    'message', 'source'], rules)
        nat = [{'code': r['code'], 'table': r['table'], 'level': r['level'], 'severity': r['severity'],
                'description': CONFIRMED[r['code']]} for r in rules if r['code'] in CONFIRMED]
        assert len(nat) == len(CONFIRMED)
        write_csv(os.path.join(out, 'national_rules.csv'), ['code', 'table', 'level', 'severity', 'description'], nat)
        print('%s: %d tables, %d items, %d code rows, %d rules (%d etos)' % (
            label, len(tables), len(items), len(codes), len(rules), len(nat)))


def check():
    """Regenerates into a temporary folder; exits 1 naming each committed file that differs."""
    with tempfile.TemporaryDirectory() as tmp:
        main(tmp)
        stale = []
        for label in ('2.0', '2.1'):
            for name in sorted(os.listdir(os.path.join(tmp, label))):
                with open(os.path.join(tmp, label, name), 'rb') as f:
                    fresh = f.read()
                committed = os.path.join(OUT_ROOT, label, name)
                if not os.path.exists(committed) or open(committed, 'rb').read() != fresh:
                    stale.append(os.path.relpath(committed, REPO))
    if stale:
        print('out of date (run python3 scripts/derive_iapt_spec.py): ' + ', '.join(stale))
        sys.exit(1)
    print('specs/iapt/2.0 and 2.1 match scripts/derive_iapt_spec.py')


if __name__ == '__main__':
    if sys.argv[1:] == ['--check']:
        check()
    else:
        main(OUT_ROOT)
