#!/usr/bin/env python3
"""Writes the two synthetic local exports of this example (exports/*.csv), as a trust's patient
administration system and electronic patient record might produce them for October 2026. Every
person is made up; NHS Numbers come from the 999 test range and pass the Modulus 11 check. The
seed is fixed, so running it again gives the same files."""
import csv
import datetime
import random

rng = random.Random(20261031)
PERIOD_START = datetime.date(2026, 10, 1)
EXCEL_EPOCH = datetime.date(1899, 12, 30)

FORENAMES = ["Alex", "Sam", "Jordan", "Priya", "Tomasz", "Aisha", "Liam", "Chloe", "Ravi", "Megan",
             "Oluwaseun", "Hannah", "Callum", "Zara", "Owen", "Imogen", "Kofi", "Niamh", "Harvey",
             "Yasmin"]
SURNAMES = ["Testperson", "Sample", "Fictional", "Example", "Madeup", "Dummy", "Synthetic",
            "Placeholder", "Specimen", "Mockford"]
SEX = ["Male", "Female", "M", "F", "Female ", "male"]
GENDER_IDENTITY = ["Male", "Female", "Non-binary", "Not stated"]
ETHNICITY = ["White British", "White British", "White Irish", "Any other White background",
             "Indian", "Pakistani", "Bangladeshi", "Black Caribbean", "Black African", "Chinese",
             "Mixed White and Asian", "Not stated"]
MARITAL = ["Single", "Married", "Divorced", "Widowed", "Civil partnership", "Unknown"]
POSTCODE_AREAS = ["LS6", "LS7", "LS11", "LS12", "LS17", "BD3", "WF1"]
TEAMS = ["CMHT North", "CMHT South", "Crisis Team", "Early Intervention", "Memory Clinic"]
SOURCES = ["GP", "GP", "Self", "Carer", "A&E", "Police", "Internal"]
REASONS = ["Depression", "Anxiety", "Psychosis (first episode)", "Bipolar", "Self harm",
           "Eating disorder", "Dementia"]
PRIORITY = ["Routine", "Routine", "Urgent", "Emergency"]
MEDIUM = ["Face to face", "Face to face", "Telephone", "Video"]
LOCATION = ["Clinic", "Clinic", "Home visit", "GP surgery"]
OUTCOME = ["Attended", "Attended", "Attended", "Attended", "Arrived late, seen", "DNA",
           "Cancelled by patient", "Cancelled by trust"]
CLINICIANS = ["Dr A Clinician", "N Nurse", "S Worker", "Dr B Consultant", "P Psychologist"]


def nhs_number(serial):
    """999 + six digits + Modulus 11 check digit; None when the check digit would be 10."""
    digits = [int(c) for c in f"999{serial:06d}"]
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
    if check == 10:
        return None
    return "".join(map(str, digits)) + str(0 if check == 11 else check)


def spaced(number):
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def random_date(start, end):
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


patients = []
serial = 1000
for i in range(60):
    number = None
    while number is None:
        serial += rng.randrange(1, 40)
        number = nhs_number(serial)
    born = random_date(datetime.date(1941, 1, 1), datetime.date(2006, 12, 31))
    registered = random_date(max(born, datetime.date(1990, 1, 1)), datetime.date(2026, 9, 30))
    area = rng.choice(POSTCODE_AREAS)
    postcode = f"{area} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}" \
               f"{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
    patients.append({
        "RiO No": str(100100 + i * 7),
        "NHS Number": spaced(number) if i % 3 else number,
        "Title": rng.choice(["Mr", "Ms", "Mrs", "Mx", "Dr"]),
        "Forename": rng.choice(FORENAMES),
        "Surname": rng.choice(SURNAMES),
        "Date of Birth": born.strftime("%d/%m/%Y"),
        "Sex": rng.choice(SEX),
        "Gender Identity": rng.choice(GENDER_IDENTITY),
        "Ethnicity": rng.choice(ETHNICITY),
        "Marital Status": rng.choice(MARITAL),
        "Post Code": postcode.lower() if i % 4 == 0 else postcode,
        "GP Practice": f"Y9900{rng.randrange(1, 9)}",
        # The PAS writes registration dates the short way: D/M/YY.
        "GP Registered": f"{registered.day}/{registered.month}/{registered.strftime('%y')}",
        "Ward": rng.choice(["", "", "Ward 3", "Beech"]),
        "Last Updated": f"{random_date(datetime.date(2026, 1, 1), datetime.date(2026, 10, 31))}"
                        f" {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:00",
    })

contacts = []
referral = 5000
appointment = 700000
for p in patients:
    for _ in range(rng.choice([1, 1, 1, 2])):
        referral += 1
        received = random_date(datetime.date(2025, 6, 1), datetime.date(2026, 10, 20))
        team = rng.choice(TEAMS)
        fields = {
            "Referral ID": f"REF{referral}",
            "RiO No": p["RiO No"],
            "Referral Received": str((received - EXCEL_EPOCH).days),  # an Excel serial number
            "Referral Source": rng.choice(SOURCES),
            "Referral Reason": "Dementia" if team == "Memory Clinic" else rng.choice(REASONS[:-1]),
            "Priority": rng.choice(PRIORITY),
            "Team": team,
        }
        # The export runs from 20 September to 10 November: some contacts fall outside October.
        first = max(received, datetime.date(2026, 9, 20))
        for _ in range(rng.randrange(2, 8)):
            appointment += rng.randrange(1, 5)
            day = random_date(first, datetime.date(2026, 11, 10))
            outcome = rng.choice(OUTCOME)
            seen = outcome in ("Attended", "Arrived late, seen")
            contacts.append(dict(fields, **{
                "Appointment ID": f"A{appointment}",
                "Appointment Start": f"{day} {rng.randrange(8, 18):02d}:{rng.choice(['00', '15', '30', '45'])}:00",
                "Duration (mins)": str(rng.choice([15, 30, 45, 50, 60])) if seen else "",
                "Appointment Type": "New" if day == first else rng.choice(["Follow up", "Follow-up"]),
                "Medium": rng.choice(MEDIUM),
                "Location": rng.choice(LOCATION),
                "Outcome": outcome,
                "Clinician": rng.choice(CLINICIANS),
                "Comments": rng.choice(["", "", "Reviewed care plan", "Medication review",
                                        "Letter sent, \"urgent\" follow up"]),
            }))
rng.shuffle(contacts)

with open("exports/patients.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, fieldnames=list(patients[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(patients)
columns = ["Appointment ID", "Referral ID", "RiO No", "Referral Received", "Referral Source",
           "Referral Reason", "Priority", "Team", "Appointment Start", "Duration (mins)",
           "Appointment Type", "Medium", "Location", "Outcome", "Clinician", "Comments"]
with open("exports/contacts.csv", "w", newline="", encoding="utf-8") as f:
    writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(contacts)
