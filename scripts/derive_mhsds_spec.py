#!/usr/bin/env python3
"""Derive the MHSDS v6.0 specification folder (specs/mhsds/6.0/) for mhds.

Inputs (read only):
  ../shared/spec/mhsds-6.0-etos/validation_rules.csv   the 1,134 national validations
  ../shared/spec/mhsds-6.0-etos/table_names.csv        table codes and titles
  scripts/mhsds_6.0_curation/codes.csv                 hand-curated code lists (with sources)
  the curated tables in this file                      hierarchy, keys, formats, list mapping

Outputs: dataset.csv, tables.csv, items.csv, codes.csv, rules.csv, national_rules.csv
in specs/mhsds/6.0/ (format: docs/spec_format.md).

Python 3 standard library only.  Run from anywhere:  python3 scripts/derive_mhsds_spec.py
Message templates and descriptions are written in our own words; codes, items, levels and
severities are carried over from the national list.
"""
import collections
import csv
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.normpath(os.path.join(REPO, '..', 'shared', 'spec', 'mhsds-6.0-etos'))
CURATION = os.path.join(REPO, 'scripts', 'mhsds_6.0_curation')
OUT = os.path.join(REPO, 'specs', 'mhsds', '6.0')

VERSION = '6.0'

# ---------------------------------------------------------------------------------------------
# Curated hierarchy.  code: (key_items, parent_table, parent_items, group_mandation, note)
# Keys come from the duplicate-key group rules (spec-facts 3.2); where a table has no duplicate
# rule the key is a natural one we chose (marked "chosen key" in the description).
# ---------------------------------------------------------------------------------------------
LPI = 'LocalPatientID'
SRI = 'ServiceRequestID'
TABLES = {
    'MHS000': ('OrgIDProvider', '', '', 'M', 'One row per submission file (the header); key shown in reports only (chosen key).'),
    'MHS001': (LPI, '', '', 'M', 'One row per patient; top of the patient hierarchy. Key from rule MHS00144.'),
    'MHS002': ('LocalPatientID;GMPReg;StartDateGMPRegistration', 'MHS001', LPI, 'M', 'GP practice registrations of the patient. Key from rule MHS00221.'),
    'MHS003': ('LocalPatientID;AccommodationTypeDate', 'MHS001', LPI, 'O', 'Accommodation status records. Key from rule MHS00315.'),
    'MHS004': ('LocalPatientID;EmployStatusRecDate', 'MHS001', LPI, 'O', 'Employment status records. Key from rule MHS00413.'),
    'MHS005': (LPI, 'MHS001', LPI, 'O', 'Patient indicators, one row per patient. Key from rule MHS00502.'),
    'MHS006': ('LocalPatientID;StartDateAssCareCoord;CareProfLocalID;EndDateAssCareCoord;CareProfServOrTeamTypeAssoc', 'MHS001', LPI, 'O', 'Care coordinator assignment periods. Key from rule MHS00602.'),
    'MHS007': ('LocalPatientID;DisabCode', 'MHS001', LPI, 'O', 'Disability types. Key from rule MHS00702.'),
    'MHS008': ('CarePlanID', 'MHS001', LPI, 'O', 'Care plans. Key from rule MHS00812.'),
    'MHS009': ('CarePlanID;CarePlanContentAgreedBy;CarePlanContentAgreedDate', 'MHS008', 'CarePlanID', 'O', 'Care plan agreements; no duplicate rule in v6.0, chosen key: care plan + agreed by + agreed date.'),
    'MHS010': ('LocalPatientID;AssistiveTechnologyFinding;AssistiveTechnologyPrescTimestamp', 'MHS001', LPI, 'O', 'Assistive technology to support disability. Key from rule MHS01002.'),
    'MHS011': ('LocalPatientID;SocPerCircumstanceRecTimestamp;SocPerCircumstance', 'MHS001', LPI, 'O', 'Social and personal circumstances. Key from rule MHS01102.'),
    'MHS012': ('LocalPatientID;OvsVisChCat;OvsVisChCatAppDate', 'MHS001', LPI, 'O', 'Overseas visitor charging categories. Key from rule MHS01202.'),
    'MHS014': ('LocalPatientID;FitNoteAssessmentDate', 'MHS001', LPI, 'O', 'eMED3 fit notes. Key from rule MHS01402.'),
    'MHS101': (SRI, 'MHS001', LPI, 'M', 'Service or team referrals; top of the referral hierarchy. Key from rule MHS10103.'),
    'MHS102': ('OtherCareProfTeamLocalID;ServiceRequestID', 'MHS101', SRI, 'O', 'Other teams involved in the referral. Key from rule MHS10229.'),
    'MHS103': ('ServiceRequestID;OtherReasonReferMH', 'MHS101', SRI, 'O', 'Other reasons for referral. Key from rule MHS10307.'),
    'MHS104': ('ServiceRequestID;ReferToTreatPeriodStartDate;ReferToTreatPeriodEndDate;ReferToTreatPeriodStatus', 'MHS101', SRI, 'O', 'Referral to treatment periods. Key from rule MHS10418 (PatPathID is also unique, MHS10420).'),
    'MHS105': ('ServiceRequestID;OnwardReferDate;OnwardReferTime', 'MHS101', SRI, 'O', 'Onward referrals; no duplicate rule in v6.0, chosen key: referral + onward referral date and time.'),
    'MHS106': ('ServiceRequestID;DischPlanContentAgreedBy;DischPlanContentAgreedDate', 'MHS101', SRI, 'O', 'Discharge plan agreements; no duplicate rule in v6.0, chosen key: referral + agreed by + agreed date.'),
    'MHS201': ('CareContactID', 'MHS101', SRI, 'O', 'Care contacts. Key from rule MHS20143.'),
    'MHS202': ('CareActID', 'MHS201', 'CareContactID', 'O', 'Care activities within a contact. Key from rule MHS20225.'),
    'MHS203': ('CareContactID;OtherPersonInAttend', 'MHS201', 'CareContactID', 'O', 'Other people in attendance; no duplicate rule in v6.0, chosen key: contact + person type.'),
    'MHS204': ('ServiceRequestID;IndirectActDate;IndirectActTime', 'MHS101', SRI, 'O', 'Indirect activity; no duplicate rule in v6.0, chosen key: referral + activity date and time.'),
    'MHS205': ('ServiceRequestID;StartDatePSDDI;EndDatePSDDI;PSDDIProcedure', 'MHS101', SRI, 'O', 'Patient self-directed digital interventions. Key from rule MHS20502. The national list also names this table MHS205SDDigitalIntervention (rules MHS20505/06).'),
    'MHS206': ('CareActID;CareProfLocalID', 'MHS202', 'CareActID', 'O', 'Staff taking part in a care activity. Key from rule MHS20609.'),
    'MHS301': ('GroupSessID', '', '', 'O', 'Group sessions (stand-alone). Key from rule MHS30122.'),
    'MHS302': ('MHDropInContactID', '', '', 'O', 'Mental health drop-in contacts (stand-alone). Key from rule MHS30222.'),
    'MHS401': ('MHActLegalStatusClassPeriodID', 'MHS001', LPI, 'O', 'Mental Health Act legal status periods. Key from rule MHS40126.'),
    'MHS402': ('MHActLegalStatusClassPeriodID;CareProfLocalID;StartDateRespClinAssign', 'MHS401', 'MHActLegalStatusClassPeriodID', 'O', 'Responsible clinician assignments; no duplicate rule in v6.0, chosen key.'),
    'MHS403': ('MHActLegalStatusClassPeriodID;StartDateMHCondDisch', 'MHS401', 'MHActLegalStatusClassPeriodID', 'O', 'Conditional discharges; no duplicate rule in v6.0, chosen key.'),
    'MHS404': ('MHActLegalStatusClassPeriodID;StartDateCommTreatOrd', 'MHS401', 'MHActLegalStatusClassPeriodID', 'O', 'Community treatment orders; no duplicate rule in v6.0, chosen key.'),
    'MHS405': ('MHActLegalStatusClassPeriodID;StartDateCommTreatOrdRecall;StartTimeCommTreatOrdRecall', 'MHS401', 'MHActLegalStatusClassPeriodID', 'O', 'Community treatment order recalls; no duplicate rule in v6.0, chosen key.'),
    'MHS501': ('HospProvSpellID', 'MHS101', SRI, 'O', 'Hospital provider spells. Key from rule MHS50103.'),
    'MHS502': ('WardStayID', 'MHS501', 'HospProvSpellID', 'O', 'Ward stays. Key from rule MHS50204.'),
    'MHS503': ('HospProvSpellID;CareProfLocalID;StartDateAssCareProf', 'MHS501', 'HospProvSpellID', 'O', 'Assigned care professionals; no duplicate rule in v6.0, chosen key.'),
    'MHS505': ('RestrictiveIntIncID', 'MHS501', 'HospProvSpellID', 'O', 'Restrictive intervention incidents. Key from rule MHS50557.'),
    'MHS506': ('WardStayID;DateAssault', 'MHS502', 'WardStayID', 'O', 'Assaults on patients; no duplicate rule in v6.0, chosen key.'),
    'MHS507': ('WardStayID;DateSelfHarm', 'MHS502', 'WardStayID', 'O', 'Self-harm events; no duplicate rule in v6.0, chosen key.'),
    'MHS509': ('WardStayID;StartDateHomeLeave;StartTimeHomeLeave', 'MHS502', 'WardStayID', 'O', 'Home leave; no duplicate rule in v6.0, chosen key.'),
    'MHS510': ('WardStayID;StartDateMHLeaveAbs;StartTimeMHLeaveAbs', 'MHS502', 'WardStayID', 'O', 'Leave of absence; no duplicate rule in v6.0, chosen key.'),
    'MHS511': ('WardStayID;StartDateMHAbsWOLeave;StartTimeMHAbsWOLeave', 'MHS502', 'WardStayID', 'O', 'Absence without leave; no duplicate rule in v6.0, chosen key.'),
    'MHS512': ('HospProvSpellID;OrgIDComm;StartDateOrgCodeComm', 'MHS501', 'HospProvSpellID', 'O', 'Commissioner assignment periods of a spell; no duplicate rule in v6.0, chosen key.'),
    'MHS513': ('WardStayID;SubstanceMisuse', 'MHS502', 'WardStayID', 'O', 'Substance misuse evidence (SubstanceMisuse is the observation date); no duplicate rule in v6.0, chosen key.'),
    'MHS514': ('WardStayID;StartDateMHTrialLeave;StartTimeMHTrialLeave', 'MHS502', 'WardStayID', 'O', 'Trial leave; no duplicate rule in v6.0, chosen key.'),
    'MHS515': ('RestrictiveIntTypeID', 'MHS505', 'RestrictiveIntIncID', 'O', 'Restrictive intervention types within an incident. Key from rule MHS51545.'),
    'MHS516': ('WardStayID;PoliceAssistReqDate;PoliceAssistReqTime', 'MHS502', 'WardStayID', 'O', 'Police assistance requests; no duplicate rule in v6.0, chosen key.'),
    'MHS517': ('HospProvSpellID;StartDateSMHEPC', 'MHS501', 'HospProvSpellID', 'O', 'Specialised MH exceptional packages of care; no duplicate rule in v6.0, chosen key.'),
    'MHS518': ('HospProvSpellID;StartDateClinReadyforDisch', 'MHS501', 'HospProvSpellID', 'O', 'Clinically ready for discharge periods; no duplicate rule in v6.0, chosen key.'),
    'MHS601': ('LocalPatientID;PrevDiag;CodedDiagTimestamp', 'MHS001', LPI, 'O', 'Previous diagnoses. Key from rule MHS60111.'),
    'MHS604': ('ServiceRequestID;CodedDiagTimestamp;PrimDiag', 'MHS101', SRI, 'O', 'Primary diagnoses. Key from rule MHS60413.'),
    'MHS605': ('ServiceRequestID;CodedDiagTimestamp;SecDiag', 'MHS101', SRI, 'O', 'Secondary diagnoses. Key from rule MHS60513.'),
    'MHS606': ('ServiceRequestID;CodedAssToolType;AssToolCompTimestamp', 'MHS101', SRI, 'O', 'Coded scored assessments on a referral; no duplicate rule in v6.0, chosen key.'),
    'MHS607': ('CareActID;CodedAssToolType;PersScore', 'MHS202', 'CareActID', 'O', 'Coded scored assessments in a care activity. Key from rule MHS60709.'),
    'MHS608': ('CodedAssToolType;AssToolCompTimestamp;PersScore', '', '', 'O', 'Anonymous self-assessments (stand-alone); chosen key. No tools are in scope in v6.0, so every row is rejected (MHS60815).'),
    'MHS609': ('ServiceRequestID;PresCompDate;PresComp', 'MHS101', SRI, 'O', 'Presenting complaints. Key from rule MHS60902.'),
    'MHS701': ('CPAEpisodeID', 'MHS001', LPI, 'O', 'CPA care episodes. Key from rule MHS70102.'),
    'MHS702': ('CPAEpisodeID;CPAReviewDate;CareProfLocalID', 'MHS701', 'CPAEpisodeID', 'O', 'CPA reviews; no duplicate rule in v6.0, chosen key.'),
    'MHS901': ('CareProfLocalID', '', '', 'O', 'Staff details (stand-alone reference group). Key from rule MHS90113.'),
    'MHS902': ('CareProfTeamLocalID', '', '', 'O', 'Service or team details (stand-alone reference group). Key from rule MHS90201.'),
    'MHS903': ('WardCode', '', '', 'O', 'Ward details (stand-alone reference group). Key from rule MHS90302.'),
}

# Items named by spec-facts section 2 that have no rule in the v6.0 list.
EXTRA_ITEMS = [
    # table, uid, short, name, format, type, note
    ('MHS001', 'M001180', 'OrgIDResidenceResp', 'ORGANISATION IDENTIFIER (RESIDENCE RESPONSIBILITY)', 'min an3 max an5', 'text',
     'In the v4.1 TOS (required, may be left blank); no rule in the v6.0 list, kept so the column is not reported as unknown.'),
    ('MHS002', 'M002050', 'OrgIDGPPrac', 'ORGANISATION IDENTIFIER (GP PRACTICE RESPONSIBILITY)', 'min an3 max an5', 'text',
     'Named in spec-facts (v4.1/v5); no rule in the v6.0 list, kept so the column is not reported as unknown.'),
]

# ---------------------------------------------------------------------------------------------
# Code lists: item short name (optionally "TABLE.Item") -> list name in codes.csv.
# ---------------------------------------------------------------------------------------------
ITEM_LISTS = {
    'NHSNumberStatus': 'NHSNumberStatus',
    'Gender': 'PersonStatedGender',
    'GenderIDCode': 'GenderIdentity',
    'GenderSameAtBirth': 'GenderSameAtBirth',
    'EthnicCategory': 'EthnicCategory',
    'MaritalStatus': 'MaritalStatus',
    'EmployStatus': 'EmploymentStatus',
    'WeekHoursWorked': 'WeeklyHoursWorked',
    'AttendStatus': 'AttendanceStatus',
    'ConsMechanismMH': 'ConsultationMechanismMH',
    'ReferClosReason': 'ReferralClosureReason',
    'ReferRejectReason': 'ReferralRejectionReason',
    'ServTeamTypeMH': 'ServiceTeamTypeMH',
    'ServTeamTypeRefToMH': 'ServiceTeamTypeMH',          # MHS301 (inferred: same national list)
    'CareProfServOrTeamTypeAssoc': 'ServiceTeamTypeMH',  # MHS006 (inferred: same national list)
    'SourceOfReferralMH': 'SourceOfReferralMH',
    'FindSchemeInUse': 'FindingSchemeInUse',
    'DiagSchemeInUse': 'DiagnosisSchemeInUse',
    'ServTeamIntAgeGroup': 'ServiceTeamIntendedAgeGroup',
    'PrimReasonReferralMH': 'ReasonForReferralMH',
    'OtherReasonReferMH': 'ReasonForReferralMH',         # inferred: same national list
    'MHAdmittedPatientClass': 'MHAdmittedPatientClass',
    'AutismStatus': 'AutismStatus',
    'LDStatus': 'LearningDisabilityStatus',
    'MHDropInContactOutcome': 'MHDropInContactOutcome',
    'RestrictiveIntType': 'RestrictiveInterventionType',
    'DisabCode': 'DisabilityCode',
    'AdminCatCode': 'AdministrativeCategory',
    'ClinRespPriorityType': 'ClinicalResponsePriorityType',
    'ActLocTypeCode': 'ActivityLocationType',            # MHS201, MHS301, MHS608
    'ConsType': 'ConsultationType',
    'SettledAccommodationInd': 'SettledAccommodationIndicator',
    'SCHPlacementType': 'SecureChildrensHomePlacementType',
    'OATReason': 'OutOfAreaReferralReason',
    'ReasonOAT': 'OutOfAreaReferralReason',              # MHS101 (inferred: same national list)
    'PlaceOfSafetyInd': 'PlaceOfSafetyIndicator',
    'WardSecLevel': 'WardSecurityLevel',
    'WardIntendedSex': 'WardIntendedSex',
    'WardAge': 'WardIntendedAgeGroupMH',                 # MHS903 (inferred: WARD INTENDED AGE GROUP (MH))
    'LegalStatusCode': 'MHActLegalStatusClassification',  # MHS401
    'OvsVisChCat': 'OverseasVisitorChargingCategory',     # MHS012
    # MHS501: the Hospital Provider Spell lists of the Data Dictionary (inferred: the MHSDS items
    # carry "(MENTAL HEALTH HOSPITAL PROVIDER SPELL)" names of their own).
    'SourceAdmMHHospProvSpell': 'SourceOfAdmission',
    'MethAdmMHHospProvSpell': 'AdmissionMethod',
    'MethOfDischMHHospProvSpell': 'DischargeMethod',
    'DestOfDischHospProvSpell': 'DischargeDestination',
    'PlannedDestDisch': 'DischargeDestination',           # inferred: same list as the actual destination
}
# Items whose list-mapping is an inference (not a source statement); noted in items.csv.
INFERRED_LIST_MAPPING = {'ServTeamTypeRefToMH', 'CareProfServOrTeamTypeAssoc', 'OtherReasonReferMH', 'ServTeamIntAgeGroup',
                         'ReasonOAT', 'WardAge', 'SourceAdmMHHospProvSpell', 'MethAdmMHHospProvSpell',
                         'MethOfDischMHHospProvSpell', 'PlannedDestDisch'}

# Scheme-dependent formats (Data Dictionary FINDING / DIAGNOSIS SCHEME IN USE national codes).
SCHEMES = {
    'FindSchemeInUse': '01=icd10;02=read2;03=ctv3;04=snomed',
    'DiagSchemeInUse': '02=icd10;04=read2;05=ctv3;06=snomed',
}

# Formats given by spec-facts section 2 (short name -> (format, type)); everything else inferred.
SPEC_FACTS_FORMATS = {
    'DatSetVer': ('max an10', 'text'),
    'PrimSystemInUse': ('max an50', 'text'),
    'ReportingPeriodStartDate': ('an10', 'date'),
    'ReportingPeriodEndDate': ('an10', 'date'),
    'DateTimeDatSetCreate': ('an19', 'datetime'),
    'LocalPatientID': ('max an20', 'text'),
    'OrgIDLocalPatientID': ('min an3 max an5', 'text'),
    'OrgIDEduEstab': ('min an5 max an8', 'text'),
    'NHSNumber': ('n10', 'nhs_number'),
    'NHSNumberStatus': ('an2', 'text'),
    'Postcode': ('max an8', 'postcode'),
    'Gender': ('an1', 'text'),
    'EthnicCategory': ('min an1 max an2', 'text'),
    'GMPReg': ('an6', 'text'),
    'EmployStatus': ('an2', 'text'),
    'WeekHoursWorked': ('an2', 'text'),
    'OrgIDProvider': ('min an3 max an5', 'text'),
    'OrgIDSubmit': ('min an3 max an5', 'text'),
    'OrgIDComm': ('min an3 max an5', 'text'),
    'OrgIDReferringOrg': ('min an3 max an6', 'text'),
    'SourceOfReferralMH': ('an2', 'text'),
    'ReferClosReason': ('an2', 'text'),
    'ConsMechanismMH': ('an2', 'text'),
    'AttendStatus': ('an1', 'text'),
    'ActLocTypeCode': ('an3', 'text'),
    'SiteIDOfTreat': ('min an5 max an9', 'text'),
    'ServTeamTypeMH': ('an3', 'text'),
    'ServTeamTypeRefToMH': ('an3', 'text'),
    'FindSchemeInUse': ('an2', 'text'),
    'AdminCatCode': ('an2', 'text'),
    'ConsType': ('an2', 'text'),
    'CareContSubj': ('an2', 'text'),
    'CareContCancelReas': ('an2', 'text'),
    'ReasonableAdjustmentMade': ('an2', 'text'),
    'ReasonPatientNoIMCA': ('an2', 'text'),
    'ReasonPatientNoIMHA': ('an2', 'text'),
    'PrimReasonReferralMH': ('an2', 'text'),
    'ReasonOAT': ('an2', 'text'),
    'ReferringCareProfessionalType': ('an3', 'text'),
    'IndActPersCons': ('an2', 'text'),
    'PlannedCareContIndicator': ('an1', 'text'),
    'InterpreterPresentInd': ('an1', 'text'),
    'LanguageCodeTreat': ('an2', 'text'),
    'LanguageCodePreferred': ('an2', 'text'),
}
# spec-facts gives these for a single table only (MHS201 list etc.); applied wherever the item
# appears, which is an inference for the other tables.

# Formats read on NHS Data Dictionary pages (see codes.csv notes for the releases).
DD_FORMATS = {
    'MaritalStatus': ('an1', 'text'),
    'GenderIDCode': ('an1', 'text'),
    'ClinRespPriorityType': ('an1', 'text'),
    'ReferRejectReason': ('an2', 'text'),
    'ServTeamIntAgeGroup': ('an2', 'text'),
    'SettledAccommodationInd': ('an1', 'text'),
    'SCHPlacementType': ('an1', 'text'),
    'OATReason': ('an2', 'text'),
    'PlaceOfSafetyInd': ('an1', 'text'),
    'WardSecLevel': ('an1', 'text'),
}

# Per-item inferred formats where the name alone is not enough.
INFERRED_FORMATS = {
    'NHSServAgreeLineID': ('max an10', 'text'),
    'ProfRegEntryID': ('max an32', 'text'),
    'OccCode': ('max an3', 'text'),
    'CareProfJobRoleCode': ('max an5', 'text'),
    'WardCode': ('max an12', 'text'),
    'SiteIDOfWard': ('min an5 max an9', 'text'),
    'ClinContDurOfCareCont': ('max n4', 'integer'),
    'ClinContactDurOfCareAct': ('max n4', 'integer'),
    'DurationIndirectAct': ('max n4', 'integer'),
    'ClinContDurOfGroupSess': ('max n4', 'integer'),
    'NumberOfGroupSessParticip': ('max n4', 'integer'),
    'AvailBedDays': ('max n5', 'integer'),
    'ClosedBedDays': ('max n5', 'integer'),
    'FitNoteDuration': ('max n3', 'integer'),
    'SMHEPCCharge': ('max n9.2', 'decimal'),
    'ObsValue': ('max an50', 'text'),
    'UnitofMeasurement_UCUM': ('max an50', 'text'),
    'PersScore': ('max an10', 'text'),
    'FitNoteDiagnosis': ('min an3 max an6', 'text'),
    'PrevDiag': ('min an3 max an18', 'text'),
    'PrimDiag': ('min an3 max an18', 'text'),
    'SecDiag': ('min an3 max an18', 'text'),
    'Finding': ('min an3 max an18', 'text'),
    'PresComp': ('min an3 max an18', 'text'),
    'SubstanceMisuse': ('an10', 'date'),   # OBSERVATION DATE (SUBSTANCE MISUSE EVIDENCE)
    'OrgIDReceiving': ('min an3 max an6', 'text'),
    'SpecialisedMHServiceCode': ('max an8', 'text'),   # lenient: code list not sourced
    'GenderSameAtBirth': ('an1', 'text'),
    'AutismStatus': ('an1', 'text'),
    'LDStatus': ('an1', 'text'),
    'MHAdmittedPatientClass': ('an3', 'text'),
    'CareProfServOrTeamTypeAssoc': ('an3', 'text'),
    'TreatFuncCodeMH': ('an3', 'text'),
    'MainSpecCodeMH': ('an3', 'text'),
}

SNOMED_NAME = re.compile(r'\(SNOMED CT( EXPRESSION)?\)')


def infer_format(table, short, ddname, code_list, codes):
    """Return (format, type, source, note)."""
    if short in DD_FORMATS:
        f, t = DD_FORMATS[short]
        return f, t, 'data-dictionary', ''
    if short in SPEC_FACTS_FORMATS:
        f, t = SPEC_FACTS_FORMATS[short]
        return f, t, 'spec-facts', ''
    if short in INFERRED_FORMATS:
        f, t = INFERRED_FORMATS[short]
        return f, t, 'inferred', ''
    n = ddname.upper()
    if SNOMED_NAME.search(n):
        return 'min n6 max n18', 'snomed', 'inferred', 'SNOMED CT identifier'
    if 'TIMESTAMP' in n or 'DATE AND TIME' in n:
        return 'an19', 'datetime', 'inferred', ''
    if re.search(r'\bDATE\b', n):
        return 'an10', 'date', 'inferred', ''
    if re.search(r'\bTIME\b', n) and 'WAITING TIME' not in n:
        return 'an8', 'time', 'inferred', ''
    if n.startswith('ORGANISATION SITE IDENTIFIER'):
        return 'min an5 max an9', 'text', 'inferred', ''
    if n.startswith('ORGANISATION IDENTIFIER') or n.startswith('ORGANISATION IDENTIFER'):
        return 'min an3 max an5', 'text', 'inferred', ''
    if n.startswith('POSTCODE'):
        return 'max an8', 'postcode', 'inferred', ''
    if 'IDENTIFIER' in n:
        return 'max an20', 'text', 'inferred', ''
    if code_list and code_list in codes:
        lens = sorted({len(c) for c in codes[code_list]})
        f = 'an%d' % lens[0] if len(lens) == 1 else 'min an%d max an%d' % (lens[0], lens[-1])
        return f, 'text', 'inferred', 'length taken from the code list'
    if 'INDICATOR' in n:
        return 'max an2', 'text', 'inferred', 'lenient: code list not sourced'
    return 'max an3', 'text', 'inferred', 'lenient: code list not sourced'


# ---------------------------------------------------------------------------------------------
def read_csv(path):
    with open(path, encoding='utf-8-sig', newline='') as f:
        return list(csv.DictReader(f))


def write_csv(name, fields, rows):
    path = os.path.join(OUT, name)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator='\n')
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, '') for k in fields})
    return path


LEVELS = {'record': 'record', 'group': 'group', 'file': 'file'}
SEVERITIES = {'record rejected': 'reject', 'group rejected': 'reject', 'warning': 'warning',
              'severity 1 warning': 'warning1'}

REF = re.compile(r'\[(M\d{6})\]\s*(\w+)')
TREF = re.compile(r'\[(MHS\d{3})\](\w+)')


def core_text(text):
    """The national text without its severity prefix and trailing value list."""
    t = re.sub(r'^\s*[^-]*?-\s*', '', text, count=1)
    t = re.sub(r'\s*\[M\d{6}\]\w+=<.*$', '', t, flags=re.S)
    return t.strip()


def main():
    rules_src = read_csv(os.path.join(SRC, 'validation_rules.csv'))
    names = {r['TBL_Code']: r['TBL_Name'] for r in read_csv(os.path.join(SRC, 'table_names.csv'))}
    cur_codes = read_csv(os.path.join(CURATION, 'codes.csv'))
    codes = collections.OrderedDict()
    for c in cur_codes:
        codes.setdefault(c['list'], []).append(c['code'])

    # ---- tables -----------------------------------------------------------------------------
    idb = {}
    idb_count = collections.Counter(r['Table'] for r in rules_src)
    for r in rules_src:
        code = r['Table'][:6]
        if code not in idb or idb_count[r['Table']] > idb_count[idb[code]]:
            idb[code] = r['Table']
    missing = set(idb) ^ set(TABLES)
    if missing:
        sys.exit('table list mismatch: %s' % sorted(missing))

    # ---- items ------------------------------------------------------------------------------
    items = collections.OrderedDict()   # (table, uid) -> dict
    blank_sev = {}
    for r in rules_src:
        if r['Validation Level (File, Group, Record)'].strip().lower() == 'group':
            continue
        t = r['Table'][:6]
        key = (t, r['UID / Table ID'])
        items.setdefault(key, {'table': t, 'uid': r['UID / Table ID'], 'short_name': r['XML ELEMENT NAME'].strip(),
                               'name': r['Data Item Name (Data Dict Element)'].strip()})
        if r['Validation Type'] == 'Blank':
            blank_sev[key] = SEVERITIES[r['Error Level'].strip().lower()]
    has_code_rule = {(r['Table'][:6], r['UID / Table ID']) for r in rules_src if r['Validation Type'] == 'National Code'}
    for t, uid, short, name, f, ty, note in EXTRA_ITEMS:
        items[(t, uid)] = {'table': t, 'uid': uid, 'short_name': short, 'name': name, '_fmt': (f, ty, 'spec-facts', note)}

    by_table = collections.defaultdict(dict)   # table -> short -> item
    for key, it in items.items():
        short = it['short_name']
        lst = ITEM_LISTS.get('%s.%s' % (it['table'], short), ITEM_LISTS.get(short, ''))
        if lst and lst not in codes:
            lst = ''
        if key not in has_code_rule:
            lst = ''   # only coded items (a National Code rule exists) carry a list
        it['code_list'] = lst
        if '_fmt' in it:
            f, ty, src, note = it.pop('_fmt')
        else:
            f, ty, src, note = infer_format(it['table'], short, it['name'], lst, codes)
        it['format'], it['type'] = f, ty
        sev = blank_sev.get(key)
        it['mandation'] = 'M' if sev == 'reject' else ('R' if sev in ('warning', 'warning1') else 'O')
        notes = [note] if note else []
        if lst:
            notes.append('codes: %s list (%s)' % (lst, 'mapping inferred' if short in INFERRED_LIST_MAPPING else 'see codes.csv source'))
        elif key in has_code_rule:
            notes.append('national code check not yet possible (see rules.csv)')
        it['description'] = '; '.join(notes)
        it['source'] = src
        by_table[it['table']][short] = it

    # sanity: key items exist
    for code, (keys, parent, pitems, _, _) in TABLES.items():
        for k in keys.split(';') + ([p for p in pitems.split(';')] if pitems else []):
            if k not in by_table[code]:
                sys.exit('%s: key/parent item %s not an item' % (code, k))

    uid_to_item = {it['uid']: it for it in items.values()}

    def item_of(table, name):
        return by_table[table].get(name)

    def resolve(uid, name, table):
        """Reference text for an item named in a rule, or (None, reason)."""
        rt = 'MHS' + uid[1:4]
        if rt == table:
            if item_of(table, name):
                return name, None
            return None, 'item %s not found on %s' % (name, table)
        if rt == 'MHS000':
            if item_of('MHS000', name):
                return 'header.' + name, None
            return None, 'header item %s not found' % name
        if TABLES[table][1] == rt:
            if item_of(rt, name):
                return 'parent.' + name, None
            return None, 'parent item %s not found' % name
        return None, 'compares with %s.%s, which is not on this table or its parent' % (rt, name)

    # ---- rules ------------------------------------------------------------------------------
    out_rules = []
    national = []
    unresolved = []

    def other_words(ref):
        if ref.startswith('header.'):
            return '{other} in the header'
        if ref.startswith('parent.'):
            return '{other} of the parent {parent} row'
        return '{other}'

    for r in rules_src:
        table = r['Table'][:6]
        vt = r['Validation Type'].strip()
        level = LEVELS[r['Validation Level (File, Group, Record)'].strip().lower()]
        sev = SEVERITIES[r['Error Level'].strip().lower()]
        code = r['Error Code'].strip()
        short = r['XML ELEMENT NAME'].strip()
        text = r['Validation Text with Action']
        core = core_text(text)
        it = item_of(table, short) if level != 'group' else None
        rule = {'code': code, 'table': table, 'item': short if level != 'group' else '', 'level': level,
                'severity': sev, 'source': 'etos'}
        params = []
        kind = None
        msg = ''
        desc = ''

        def unsupported(reason, d):
            return 'unsupported', ['reason=' + reason], d

        if vt == 'Blank':
            kind = 'blank'
            if sev == 'reject':
                msg = '{item} ({uid}) is mandatory but blank; supply a value.'
            else:
                msg = '{item} ({uid}) is blank; it should be supplied where known.'
            desc = '%s is blank' % short
        elif vt == 'Format':
            kind = 'format'
            msg = "{item} ({uid}) value '{value}' is not {expected}; correct the value."
            desc = '%s has the wrong format' % short
            if it and it['type'] == 'nhs_number':
                msg = "{item} ({uid}) value '{value}' is not a 10-digit number; send the NHS Number as 10 digits without spaces."
        elif vt == 'National Code':
            if 'live organisation' in core:
                kind, params, desc = unsupported('needs ODS reference data', '%s is not a current organisation in ODS' % short)
            elif 'person score' in core:
                kind, params, desc = unsupported('needs assessment tool score ranges (MHSDS assessment reference data)',
                                                 '%s is not a valid score for the assessment tool' % short)
            elif it and it['type'] == 'postcode':
                kind, params, desc = unsupported('needs national postcode reference data',
                                                 '%s is not a recognised postcode' % short)
            elif short == 'SiteIDOfTreat':
                kind, params, desc = unsupported('needs ODS reference data (site codes)',
                                                 '%s is not a recognised organisation site code' % short)
            elif it and it['code_list']:
                kind = 'code'
                msg = "{item} ({uid}) value '{value}' is not a code of the {list} list valid for this period; use a national code."
                desc = '%s is not a valid national code' % short
            else:
                kind, params, desc = unsupported('code list not yet sourced', '%s is not a valid national code' % short)
        elif level == 'group':
            kind, params, msg, desc = group_rule(table, code, core, by_table)
        else:
            kind, params, msg, desc = record_av(table, short, it, core, resolve, other_words)
        if kind == 'unsupported' and not msg:
            msg = 'Not checked by mhds yet: %s.' % desc
        rule['kind'] = kind
        if kind == 'version_in_force':
            rule['level'] = 'file'  # the header row is the file: nothing of it can be accepted
        rule['params'] = ';'.join(params)
        rule['message'] = msg
        out_rules.append(rule)
        if kind == 'unsupported':
            unresolved.append((code, rule['params']))
        national.append({'code': code, 'table': table, 'level': level, 'severity': sev,
                         'description': desc[:1].upper() + desc[1:]})

    # ---- structural rules of our own --------------------------------------------------------
    out_rules += [
        {'code': 'MHSREJ901', 'table': '*', 'item': '', 'level': 'file', 'severity': 'reject', 'kind': 'missing_table',
         'message': 'Table {table} is mandatory in every submission but is missing; include it (a header row is always required, MPI, GP and Referral whenever patients are sent).', 'source': 'mhds'},
        {'code': 'MHSREJ902', 'table': 'MHS000', 'item': '', 'level': 'file', 'severity': 'reject', 'kind': 'empty_table',
         'message': 'The header table {table} has no row; a submission needs exactly one header row.', 'source': 'mhds'},
        {'code': 'MHSREJ903', 'table': '*', 'item': '', 'level': 'file', 'severity': 'reject', 'kind': 'missing_column',
         'message': 'Table {table} lacks the column of mandatory item {item}; add the column, keeping the IDB structure.', 'source': 'mhds'},
        {'code': 'MHSREJ904', 'table': '*', 'item': '', 'level': 'file', 'severity': 'reject', 'kind': 'duplicate_column',
         'message': 'Table {table} has the column {item} more than once (names compared ignoring case); keep one.', 'source': 'mhds'},
        {'code': 'MHSREJ905', 'table': 'MHS001', 'item': 'NHSNumber', 'level': 'file', 'severity': 'reject', 'kind': 'nhs_number',
         'message': "NHS Number '{value}' fails the Modulus 11 check or is a disallowed number (all digits the same); the whole file is rejected. Correct or remove the number.", 'source': 'mhds'},
        {'code': 'MHSWRN901', 'table': '*', 'item': '', 'level': 'file', 'severity': 'warning', 'kind': 'unknown_column',
         'message': 'Column {item} of table {table} is not an item of MHSDS v6.0 and is ignored; check its spelling.', 'source': 'mhds'},
        {'code': 'MHSWRN902', 'table': '*', 'item': '', 'level': 'file', 'severity': 'warning', 'kind': 'unknown_table',
         'message': 'Table or file {table} is not part of MHSDS v6.0 and is ignored; check its name.', 'source': 'mhds'},
        # Not in the national list, but a referral's team type (and so IPS, team D05) is known only
        # through this link.
        {'code': 'MHSWRN903', 'table': 'MHS101', 'item': '', 'level': 'group', 'severity': 'warning', 'kind': 'parent',
         'params': 'parent=MHS902;items=CareProfTeamLocalID',
         'message': 'Referral {keys} names team {value}, which has no valid row in {parent}; send the team details so the team type (e.g. D05 for IPS) is known.', 'source': 'mhds'},
    ]

    # ---- write ------------------------------------------------------------------------------
    os.makedirs(OUT, exist_ok=True)
    write_csv('dataset.csv', ['setting', 'value', 'description'], [
        {'setting': 'name', 'value': 'MHSDS', 'description': 'Mental Health Services Data Set'},
        {'setting': 'version', 'value': VERSION, 'description': 'DatSetVer as submitted in MHS000 (rule MHS00003)'},
        {'setting': 'title', 'value': 'Mental Health Services Data Set v6.0', 'description': 'NHS England, in force from the April 2024 reporting period (UniqMonthID 1489; inferred from NHS England reference data)'},
        {'setting': 'in_force_from', 'value': '2024-04', 'description': 'first reporting month of v6.0: April 2024 (UniqMonthID 1489), inferred from NHS England reference data (spec-facts section 1 says only 2023/24)'},
        {'setting': 'in_force_to', 'value': '', 'description': 'blank: open, until a later version folder states its first month'},
        {'setting': 'header_table', 'value': 'MHS000', 'description': 'one-row header table'},
        {'setting': 'period_start_item', 'value': 'ReportingPeriodStartDate', 'description': 'M000050'},
        {'setting': 'period_end_item', 'value': 'ReportingPeriodEndDate', 'description': 'M000060'},
        {'setting': 'created_item', 'value': 'DateTimeDatSetCreate', 'description': 'M000070'},
        {'setting': 'provider_item', 'value': 'OrgIDProvider', 'description': 'M000080'},
        {'setting': 'source', 'value': 'scripts/derive_mhsds_spec.py',
         'description': 'generated from shared/spec/mhsds-6.0-etos (national rule list), shared/spec/spec-facts.md and scripts/mhsds_6.0_curation; do not edit by hand, change the script or the curation files and re-run'},
    ])
    trows = []
    for code in sorted(TABLES):
        keys, parent, pitems, gm, note = TABLES[code]
        trows.append({'code': code, 'idb_name': idb[code], 'title': names.get(code, ''), 'key_items': keys,
                      'parent_table': parent, 'parent_items': pitems, 'group_mandation': gm, 'description': note})
    write_csv('tables.csv', ['code', 'idb_name', 'title', 'key_items', 'parent_table', 'parent_items', 'group_mandation', 'description'], trows)
    irows = sorted(items.values(), key=lambda i: (i['table'], i['uid']))
    write_csv('items.csv', ['table', 'uid', 'short_name', 'name', 'format', 'type', 'mandation', 'code_list', 'description', 'source'], irows)
    crows = [c for c in cur_codes if any(i['code_list'] == c['list'] for i in irows)]
    write_csv('codes.csv', ['list', 'code', 'meaning', 'valid_from', 'valid_to', 'source', 'note'], crows)
    write_csv('rules.csv', ['code', 'table', 'item', 'level', 'severity', 'kind', 'params', 'message', 'source'], out_rules)
    write_csv('national_rules.csv', ['code', 'table', 'level', 'severity', 'description'], national)

    kinds = collections.Counter(r['kind'] for r in out_rules)
    impl = sum(1 for r in out_rules if r['source'] == 'etos' and r['kind'] != 'unsupported')
    print('tables %d, items %d, code lists %d (%d codes), rules %d' % (len(trows), len(irows), len({c["list"] for c in crows}), len(crows), len(out_rules)))
    print('national rules implemented: %d of %d' % (impl, len(national)))
    for k, v in sorted(kinds.items()):
        print('  %-16s %d' % (k, v))


# ---------------------------------------------------------------------------------------------
def record_av(table, short, it, core, resolve, other_words):
    """Map a record/file-level additional validation.  Returns kind, params, message, description."""
    m = re.match(r'^\[(M\d{6})\]\w+ is (after|before) the (associated )?\[(M\d{6})\]\s*(\w+)( plus 1 day| plus 24 hours)?\s*\.?$', core)
    if m:
        op = 'gt' if m.group(2) == 'after' else 'lt'
        ref, why = resolve(m.group(4), m.group(5), table)
        word = 'later than' if op == 'gt' else 'earlier than'
        offset = {' plus 1 day': '1d', ' plus 24 hours': '24h'}.get(m.group(6) or '', '')
        d = '%s is %s %s%s' % (short, word, m.group(5), (' plus ' + ('1 day' if offset == '1d' else '24 hours')) if offset else '')
        if not ref:
            return 'unsupported', ['reason=' + why], '', d
        params = ['op=' + op, 'other=' + ref] + (['offset=' + offset] if offset else [])
        extra = {'1d': ' plus one day', '24h': ' plus 24 hours'}.get(offset, '')
        fix = 'on or before' if op == 'gt' else 'on or after'
        msg = "{item} ({value}) is %s %s ({other_value})%s; it should be %s it. Check both values." % (
            word, other_words(ref), extra, fix)
        return 'compare', params, msg, d
    if 'does not match the reporting period selected' in core:
        which = 'period_start' if 'Start' in short else 'period_end'
        return ('compare', ['op=ne', 'other=submission.' + which],
                "{item} ({value}) differs from the reporting period %s chosen at upload ({other_value}); submit the file for the period it describes." % ('start' if which == 'period_start' else 'end'),
                '%s differs from the reporting period chosen at upload' % short)
    if 'Organisation Identifier from the Submission Portal login' in core:
        return ('compare', ['op=ne', 'other=submission.org'],
                "{item} ({value}) is not the organisation that uploaded the file ({other_value}); use the uploading organisation's code.",
                '%s differs from the uploading organisation' % short)
    if 'after the Upload Date' in core:
        return ('compare', ['op=gt', 'other=submission.uploaded_at'],
                '{item} ({value}) is later than the upload time ({other_value}); the creation time cannot be in the future.',
                '%s is later than the upload date' % short)
    if 'incorrect value for current ruling data set' in core:
        # Which version is in force depends on the reporting period (dataset.csv in_force_from /
        # in_force_to of each version folder); a wrong version rejects the whole file.
        return ('version_in_force', [],
                "{item} says the file is version {value}, but the version in force for reporting period "
                "{other} is {other_value}; the platform runs one version a month, so send the file in "
                "the version {other_value} format.",
                '%s is not the version in force' % short)
    if '0-130 years age range' in core:
        # Age at the period end: a baby born during the month is 0 there, but -1 at its start.
        return ('age', ['min=0', 'max=130', 'at=header.ReportingPeriodEndDate'],
                '{item} ({value}) gives an age outside 0 to 130 years at the reporting period end; check the birth date.',
                '%s gives an age outside 0-130 years' % short)
    m = re.match(r'^\[M\d{6}\]\w+ is blank,? but \[(M\d{6})\](\w+) is populated\s*\.?$', core)
    if m:
        ref, why = resolve(m.group(1), m.group(2), table)
        d = '%s is blank while %s is populated' % (short, m.group(2))
        if not ref or '.' in ref:
            return 'unsupported', ['reason=' + (why or 'condition on another row')], '', d
        return ('conditional', ['if=%s:populated' % ref, 'then=%s:populated' % short],
                '{item} is blank although {other} is populated ({other_value}); supply {item} or correct {other}.', d)
    m = re.match(r"^\[M\d{6}\]\w+ is populated but \[(M\d{6})\](\w+) has been populated with 'N'", core)
    if m:
        other = m.group(2)
        return ('conditional', ['if=%s:in(N)' % other, 'then=%s:blank' % short],
                "{item} is populated ({value}) although {other} says no advocate is required ('N'); correct one of them.",
                "%s populated while %s is 'N'" % (short, other))
    if "is '07 - Number not present" in core:
        return ('conditional', ['if=NHSNumberStatus:in(07)', 'then=NHSNumber:blank'],
                "{item} is '07' (number not present, no trace needed) but an NHS Number is given; correct the status code.",
                "NHSNumberStatus is 07 although NHSNumber is populated")
    if 'should be mandatory where' in core:
        return ('conditional', ['if=NHSNumber:blank', 'then=NHSNumberStatus:populated'],
                '{item} is blank and so is the NHS Number; give a status code explaining the missing number (07 where no trace is needed).',
                'NHSNumberStatus and NHSNumber are both blank')
    if "must be '07" in core:
        return ('conditional', ['if=NHSNumber:blank&NHSNumberStatus:populated', 'then=NHSNumberStatus:in(07)'],
                "{item} is {value} but the NHS Number is blank; use '07' (number not present, trace not required).",
                'NHSNumberStatus is not 07 although NHSNumber is blank')
    m = re.match(r'^\[M\d{6}\]\w+ does not match \[(M\d{6})\](\w+)\s*\.?$', core)
    if m:
        ref, why = resolve(m.group(1), m.group(2), table)
        d = '%s differs from %s' % (short, m.group(2))
        if not ref:
            return 'unsupported', ['reason=' + why], '', d
        return ('compare', ['op=ne', 'other=' + ref],
                '{item} ({value}) differs from %s ({other_value}); local patient identifiers should be issued by the provider.' % other_words(ref), d)
    if 'failed SNOMED CT checks' in core:
        d = '%s fails the SNOMED CT checks' % short
        if it and it['type'] == 'snomed':
            return ('format', [],
                    "{item} ({uid}) value '{value}' is not a valid SNOMED CT identifier (6 to 18 digits, partition and Verhoeff check digit); send a valid concept id.", d)
        return 'unsupported', ['reason=item is not typed snomed'], '', d
    m = re.search(r'format does not match (?:the format selected in|expected format from(?: selected)?) \[(M\d{6})\](\w+)', core)
    if m:
        scheme = m.group(2)
        d = '%s does not match the format of the scheme given in %s' % (short, scheme)
        if scheme not in SCHEMES:
            return 'unsupported', ['reason=scheme codes not sourced'], '', d
        return ('scheme_format', ['scheme=' + scheme] + SCHEMES[scheme].split(';'),
                "{item} ({value}) does not look like a code of the scheme given in {other} ({other_value}); send a code of that scheme or correct {other}.", d)
    if 'live organisation' in core or 'not live in national tables' in core:
        return 'unsupported', ['reason=needs ODS reference data'], '', '%s is not a live organisation in ODS' % short
    if 'not in the associated reference table' in core:
        return ('unsupported', ['reason=needs the Mental Health Assessment Scale Observables SNOMED CT subset'], '',
                '%s is not in the assessment tool reference table' % short)
    m = re.match(r'^\[M\d{6}\]\w+ is populated but code (\d+) has been submitted for \[(M\d{6})\](\w+)', core)
    if m:
        return ('conditional', ['if=%s:in(%s)' % (m.group(3), m.group(1)), 'then=%s:blank' % short],
                '{item} is populated ({value}) although {other} is %s; remove {item} or correct {other}.' % m.group(1),
                '%s populated while %s is %s' % (short, m.group(3), m.group(1)))
    m = re.match(r'^\[M\d{6}\]\w+ is blank but \[(M\d{6})\](\w+) is populated with code (\d+) or code (\d+)', core)
    if m:
        return ('conditional', ['if=%s:in(%s|%s)' % (m.group(2), m.group(3), m.group(4)), 'then=%s:populated' % short],
                '{item} is blank although {other} is {other_value} (delay attributable to social care or both); give the responsible local authority.',
                '%s blank while %s is %s or %s' % (short, m.group(2), m.group(3), m.group(4)))
    return 'unsupported', ['reason=pattern not recognised'], '', '%s additional check' % short


def group_rule(table, code, core, by_table):
    """Map a group-level rule.  Returns kind, params, message, description."""
    own_parent, own_pitems = TABLES[table][1], TABLES[table][2]
    if code == 'MHS00025':
        return ('max_rows', ['max=1'], 'The file has {count} header rows in {table}; send exactly one.', 'more than one header row')
    if code == 'MHS60815':
        return ('max_rows', ['max=0'],
                'No assessment tools are in scope for {table} in v6.0, so its rows cannot be accepted; do not send this table.',
                'anonymous self-assessment rows are not accepted (no tools in scope)')
    m = re.match(r'^No valid \[(MHS\d{3})\](\w+) submitted for this \[(M\d{6})\]\s*(\w+)', core)
    if m:
        ref, refname, item = m.group(1), m.group(2), m.group(4)
        if TABLES.get(ref, ('', ''))[1] == table:       # the named table is a child of this one
            return ('has_child', ['child=' + ref],
                    'No valid %s row was sent for this {table} row; send at least one, otherwise the row is rejected.' % refname,
                    'missing or rejected %s rows for this %s' % (refname, item))
        if ref == own_parent:
            items = own_pitems
            if items.split(';') != [item]:
                pass   # national text names another item (MHS51505 names RestrictiveIntTypeID); the join is the parent key
            return ('parent', ['parent=' + ref, 'items=' + items],
                    'No valid {parent} row has %s {value}: it is missing or was itself rejected; send the parent row or correct the identifier.' % items.replace(';', ' + '),
                    'missing or rejected parent %s row for %s' % (refname, items.replace(';', ' + ')))
        if item not in by_table[table]:
            return 'unsupported', ['reason=join item %s not on table' % item], '', 'no valid %s for %s' % (refname, item)
        params = ['parent=' + ref, 'items=' + item]
        if TABLES[ref][0] != item:
            params.append('parent_items=' + item)
        return ('parent', params,
                'No valid {parent} row has %s {value}; send the matching %s row or correct the identifier.' % (item, refname),
                '%s not found among valid %s rows' % (item, refname))
    m = re.match(r'^More than one \[(MHS\d{3})\]\w+ submitted for this (.*)$', core)
    if m:
        rest = m.group(2)
        where = None
        wm = re.search(r'where (?:the )?\[(M\d{6})\](\w+) is null', rest)
        if wm:
            where = wm.group(2)
            rest = rest[:wm.start()]
        if 'submission file' in rest:
            return ('max_rows', ['max=1'], 'The file has {count} rows in {table}; send exactly one.', 'more than one header row')
        names = [n for _, n in REF.findall(rest)]
        for n in names + ([where] if where else []):
            if n not in by_table[table]:
                return 'unsupported', ['reason=key item %s not on table' % n], '', 'duplicate rows'
        params = ['items=' + ';'.join(names)] + (['where_blank=' + where] if where else [])
        d = 'duplicate rows on %s%s' % (' + '.join(names), (' where %s is blank' % where) if where else '')
        msg = '{count} rows of {table} share the same %s%s; each must be unique, so all of them are rejected.' % (
            ' + '.join(names), (' with %s blank' % where) if where else '')
        return 'duplicate', params, msg, d
    if code == 'MHS00223':
        # "a consecutive or the same" start date: the successor starts on the end date or the day after.
        return ('successor', ['items=LocalPatientID', 'end=EndDateGMPRegistration', 'start=StartDateGMPRegistration',
                              'within=1d', 'differ=GMPReg'],
                'The GP registration {keys} ends on {value}, but no other valid {table} row of the patient has a {other} '
                'on that day or the next at a different practice; send the registration that followed, or correct {item}.',
                'ended GP registration without a following registration at another practice')
    return 'unsupported', ['reason=group pattern not recognised'], '', 'group check'


if __name__ == '__main__':
    main()
