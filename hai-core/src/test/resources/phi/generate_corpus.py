#!/usr/bin/env python3
"""Deterministic generator of the synthetic, labelled clinical notes behind PhiRedactorEvaluationTest.

Every identifier is planted by the generator, which records its span as it writes it: the labels
never come from the redactor. The notes are fiction; any resemblance of a generated name, number or
address to a real one is chance.

    python3 generate_corpus.py            # writes dev.jsonl and test.jsonl next to this script

Same seed, same files (Python's random with a fixed seed is stable across 3.x releases).
One JSON object per line: {"id": "...", "kind": "...", "text": "...",
"spans": [{"start": s, "end": e, "type": "NAME"}]}, start inclusive, end exclusive, in UTF-16
code units of the text (which for this ASCII corpus are its characters).

The split is by note: notes 0..N-1 alternate between dev (even) and test (odd). The redactor was
tuned by reading dev only; the evaluation test reports on test.
"""
import json
import os
import random

SEED = 20261126
NOTES = 500

# Name pools. Some overlap with the redactor's built-in dictionary (common US names), some do
# not (less common and international names), some are also English words.
FIRST_COMMON = """James John Robert Michael David William Richard Joseph Thomas Daniel Matthew Anthony
Kevin Brian George Edward Jason Ryan Eric Stephen Scott Gregory Patrick Raymond Peter Harold Arthur
Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Betty Margaret
Dorothy Helen Carol Sandra Donna Ruth Sharon Laura Emily Anna Kathleen Martha Frances Alice Doris
Maria Jose Carlos Luis Priya Wei Aisha Fatima Mohammed""".split()
FIRST_RARE = """Oluwaseun Siobhan Thandiwe Bartholomew Ignatius Wilhelmina Eustace Perpetua Keziah Anneliese
Radhika Tomasz Bogdan Ekaterina Nkechi Chidi Yolanda Cornelius Philippa Lavinia Octavia Ambrose
Ximena Joaquin Leopold Griselda Mireille Sven Ingrid Dagny Kwame Abena Tariq Leilani Keoni Mihaela
Anselm Zofia Florian Benedikt Clementine Ottoline Dashiell Thaddeus""".split()
FIRST_WORDLIKE = "Rose Hope Bill Will Grace Mark Faith April Dawn June Joy Art Pat Holly Ivy Jack".split()
LAST_COMMON = """Smith Johnson Williams Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson
Anderson Taylor Thomas Moore Jackson Martin Lee Perez Thompson Harris Sanchez Clark Lewis Robinson
Walker Allen Nguyen Torres Rivera Campbell Mitchell Carter Roberts Phillips Evans Turner Parker
Collins Edwards Stewart Morris Murphy Cook Rogers Cooper Peterson Kim Patel Chen Wang Singh Kowalski
Sullivan Fischer Okafor Tanaka""".split()
LAST_RARE = """Abernathy Castellanos Przybylski Oyelaran Vanterpool Achterberg Lindqvist Mbeki Szczepanski
Quackenbush Delacroix Fitzgibbon Haverford Ostrowski Papadopoulos Rautenbach Thistlewood Ugwu
Vasquez-Ortega O'Halloran Nakashima Bhattacharya Kristiansen Featherstonehaugh Ekwueme Holloway
Marchetti Zielinski Grünewald Ferreira Dunleavy""".split()
LAST_WORDLIKE = "Brown White Young King Hall Baker Hill Green Black Price Bell Stone Fox Little".split()

STREETS = """Maple Oak Elm Cedar Washington Lincoln Park Lake Hill Church Mill Spring Highland Sunset
Ridge Willow Chestnut Prospect River Beacon Harbor Orchard""".split()
SUFFIXES = "Street St Avenue Ave Road Rd Lane Ln Drive Dr Court Ct Way Place Blvd Terrace".split()
CITIES = """Springfield Riverside Fairview Georgetown Salem Madison Clinton Arlington Ashland Burlington
Dover Franklin Greenville Hudson Kingston Milton Newport Oxford Plymouth Quincy Brookline
Somerville""".split()
STATES = "MA NY CA TX IL OH PA NC GA MI WA OR AZ CO MN WI".split()
DOMAINS = "gmail.com yahoo.com outlook.com mercyhealth.org stlukes-hosp.org riverside-med.com".split()
MONTHS = "January February March April May June July August September October November December".split()

DRUGS = [("metformin", "500 mg PO BID"), ("lisinopril", "10 mg daily"), ("atorvastatin", "40 mg nightly"),
         ("apixaban", "5 mg BID"), ("furosemide", "40 mg IV"), ("levothyroxine", "75 mcg daily"),
         ("amoxicillin", "875 mg q12h"), ("insulin glargine", "22 units at bedtime"),
         ("carbidopa-levodopa", "25/100 mg TID"), ("sertraline", "50 mg daily"),
         ("ceftriaxone", "1 g IV q24h"), ("acetaminophen", "650 mg q6h PRN")]
DISTRACTORS = [
    "BP 120/80, HR 88, RR 16, SpO2 97% on RA, Temp 98.6F.",
    "BP 142/91, HR 102, T 38.4 C, SpO2 93%.",
    "A1c 7.2%, LDL 131 mg/dL, eGFR 58.",
    "Na 138, K 4.1, Cl 101, HCO3 24, BUN 18, Cr 1.02, glucose 143.",
    "WBC 11.2, Hgb 10.9, Plt 245. INR 2.3.",
    "ICD-10: E11.9, I10, N18.3. CPT 99214.",
    "History of Parkinson's disease, on carbidopa-levodopa.",
    "Family history of Alzheimer's disease and Crohn's disease.",
    "Right-sided Bell's palsy, improving.",
    "Babinski negative bilaterally. Glasgow Coma Scale 15.",
    "Foley catheter removed on hospital day 3.",
    "Fever rose to 39.1 C overnight, then defervesced.",
    "There is hope that renal function will recover.",
    "Patient will follow up in 2 weeks for a Dr. visit.",
    "May continue current regimen if BP stays below 130/80.",
    "The bill was forwarded to the billing office; no action needed from the team.",
    "LVEF 55%, grade 2/6 systolic murmur at the left sternal border.",
    "Take 1/2 tab at bedtime. Follow-up labs in 6-8 weeks.",
    "Wells score 1.5; D-dimer 0.42. Low probability of PE.",
    "Pain 6/10, improved to 3/10 after 4 mg morphine IV.",
    "Will recheck CBC and BMP in the morning.",
    "Mark the site before surgery per protocol.",
    "Grace period for prior authorization is 14 days.",
    "She is a 67-year-old with CKD stage 3 and type 2 diabetes.",
    "Seen in the ED at 14:30; transferred to the floor at 18:05.",
    "0.9% NaCl 1000 mL bolus given. Urine output 40 mL/hr.",
    "Admitted to St. Mary's Hospital, Mercy Clinic to follow.",
    "Plan: continue metoprolol 25 mg BID, recheck in 3 months.",
    "Policy reviewed with patient; consent obtained.",
    "Age-appropriate screening discussed; colonoscopy due.",
    "Patient Education: low-sodium diet handout given.",
    "Pt Instructions reviewed at bedside.",
    "Order set version 2.4.1.7 used for admission orders.",
    "Tdap lot 4471882, exp 2027. Given in the left deltoid.",
    "Transferred to Room 4120. Call 911 for worsening symptoms.",
    "Glucose goal 90-110 before meals; A1c goal below 7%.",
    "Age: 45 at first diagnosis; now stable.",
    "Referred to Hope Lodge for housing during radiation.",
    "Imaging at Rose Medical Center reviewed.",
    "Screening per USPSTF 2021 guidelines.",
    "Dose 2.5 mg/kg, max 100 mg, infused over 30 min.",
    "Sinus rhythm at 72 bpm, QTc 452 ms, no ST changes.",
    "Visit lasted 45 minutes, over half in counselling.",
    "Wound 3 x 2 cm, granulating; dressing changed.",
    "Mark Twain quote on the wall made her smile.",
    "Holter monitor for 48 hours ordered.",
    "Grade 3/6 murmur; echo on Tuesday.",
    "See Appendix B, table 4, for dosing.",
]


class Note:
    def __init__(self, kind):
        self.kind = kind
        self.parts = []
        self.spans = []
        self.len = 0

    def t(self, text):
        self.parts.append(text)
        self.len += len(text)
        return self

    def phi(self, text, typ):
        self.spans.append({"start": self.len, "end": self.len + len(text), "type": typ})
        return self.t(text)

    def text(self):
        return "".join(self.parts)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def c(self, xs):
        return self.r.choice(xs)

    def p(self, prob):
        return self.r.random() < prob

    # --- identifiers -----------------------------------------------------------------------------
    def first(self):
        x = self.r.random()
        return self.c(FIRST_COMMON if x < 0.55 else FIRST_RARE if x < 0.85 else FIRST_WORDLIKE)

    def last(self):
        x = self.r.random()
        return self.c(LAST_COMMON if x < 0.55 else LAST_RARE if x < 0.85 else LAST_WORDLIKE)

    def full_name(self):
        f, l = self.first(), self.last()
        x = self.r.random()
        if x < 0.55:
            return f + " " + l
        if x < 0.7:
            return f + " " + self.c("ABCDEFGHJKLMPRSTW") + ". " + l
        if x < 0.82:
            return l + ", " + f
        if x < 0.9:
            return (l + ", " + f).upper()
        return (f + " " + l).lower()

    def date(self, allow_no_year=True):
        y, m, d = self.r.randint(1925, 2025), self.r.randint(1, 12), self.r.randint(1, 28)
        mon = MONTHS[m - 1]
        fmts = [
            lambda: f"{m:02d}/{d:02d}/{y}",
            lambda: f"{m}/{d}/{y % 100:02d}",
            lambda: f"{m}/{d}/{y}",
            lambda: f"{y}-{m:02d}-{d:02d}",
            lambda: f"{mon} {d}, {y}",
            lambda: f"{mon[:3]} {d} {y}",
            lambda: f"{d} {mon} {y}",
            lambda: f"{d:02d}-{mon[:3]}-{y}",
            lambda: f"{d}th of {mon} {y}" if d not in (1, 2, 3, 21, 22, 23) else f"{d} {mon} {y}",
            lambda: f"{d:02d}.{m:02d}.{y}",
            lambda: f"{mon} {y}",
            lambda: f"{m:02d}/{y}",
            lambda: f"{m:02d}-{d:02d}-{y}",
            lambda: f"{mon[:3]}. {d}, {y}",
            lambda: f"{mon} {d}{'st' if d in (1, 21) else 'nd' if d in (2, 22) else 'rd' if d in (3, 23) else 'th'}, {y}",
            lambda: f"{y}/{m:02d}/{d:02d}",
            lambda: f"{d:02d}{mon[:3].upper()}{y}",
            lambda: f"{mon.lower()} {d}, {y}",
        ]
        if allow_no_year:
            fmts += [lambda: f"{mon} {d}", lambda: f"{mon[:3]}. {d}"]
        return self.c(fmts)()

    def narrative(self, n):
        """Names and identifiers in running text, with and without cues."""
        f, l = self.first(), self.last()
        x = self.r.randint(0, 13)
        if x == 0:
            n.phi(f, "NAME"); n.t(" tolerated the procedure well. ")
        elif x == 1:
            n.t("Spoke with "); n.phi(f.lower(), "NAME"); n.t(" (" + self.c(["daughter", "son", "wife"]) + ") by phone. ")
        elif x == 2:
            n.phi(f + " " + l, "NAME"); n.t(" is a pleasant " + self.c(["woman", "man"]) + " seen for follow-up. ")
        elif x == 3:
            n.t("Pt's " + self.c(["daughter", "son", "husband"]) + ", "); n.phi(f, "NAME"); n.t(", was at the bedside. ")
        elif x == 4:
            n.t("Per "); n.phi(f, "NAME"); n.t(" in pharmacy, the dose was adjusted. ")
        elif x == 5:
            n.t(self.c(["Ms ", "MR. ", "mrs ", "Mrs "]))
            n.phi(self.c([l, l.upper(), l.lower()]), "NAME"); n.t(" was ambulating in the hall. ")
        elif x == 6:
            n.phi(f, "NAME"); n.t("'s pain is controlled on the current regimen. ")
        elif x == 7:
            n.t("Nurse "); n.phi(f, "NAME"); n.t(" reports good oral intake. ")
        elif x == 8:
            n.t("Seen with her granddaughter "); n.phi(f + " " + l, "NAME"); n.t(". ")
        elif x == 9:
            n.t("Reviewed with "); n.phi(l, "NAME"); n.t(" from case management. ")
        elif x == 10:
            n.t("Last visit on "); n.phi(self.c([f"{self.r.randint(1, 12)}/{self.r.randint(1, 28)}", f"{self.r.randint(1, 12)}/{self.r.randint(1, 28)}"]), "DATE")
            n.t("; call back at "); n.phi(f"{self.r.randint(200, 999)}-{self.r.randint(0, 9999):04d}", "PHONE"); n.t(". ")
        elif x == 11:
            n.t("Lives at "); n.phi(f"{self.r.randint(1, 999)} {self.c(STREETS).lower()} {self.c(['st', 'ave', 'rd'])}", "ADDRESS"); n.t(" with her son. ")
        elif x == 12:
            n.t("Echo read "); n.phi(self.c([f"{self.r.randint(1, 28):02d}{self.c(MONTHS)[:3].upper()}{self.r.randint(1990, 2025)}",
                                           f"{self.r.randint(1990, 2025)}/{self.r.randint(1, 12):02d}/{self.r.randint(1, 28):02d}"]), "DATE")
            n.t(", EF 40%. ")
        else:
            n.t("Results sent to "); n.phi((f[0] + l).replace("'", "").replace("ü", "u") + "@" + self.c(["Mercy.org", "RiversideMed.com"]), "EMAIL"); n.t(". ")

    def phone(self):
        a, b, c = self.r.randint(201, 989), self.r.randint(200, 999), self.r.randint(0, 9999)
        return self.c([f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}", f"+1 {a} {b} {c:04d}",
                       f"1-{a}-{b}-{c:04d}", f"({a}){b}-{c:04d}", f"{a}-{b}-{c:04d} x{self.r.randint(10, 9999)}",
                       f"{a} {b} {c:04d}", f"+44 20 {b}{self.r.randint(0, 9)} {c:04d}"])

    def email(self, f, l):
        f, l = f.lower().replace("'", ""), l.lower().replace("'", "").replace("ü", "u")
        return self.c([f"{f}.{l}", f"{f[0]}{l}", f"{f}_{l}{self.r.randint(1, 99)}", f"{l}.{f[0]}"]) + "@" + self.c(DOMAINS)

    def ssn(self):
        a, b, c = self.r.randint(100, 899), self.r.randint(10, 99), self.r.randint(1000, 9999)
        return self.c([f"{a}-{b}-{c}", f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}"])

    def mrn(self):
        return self.c([f"{self.r.randint(0, 99999999):08d}", f"{self.r.randint(1000000, 9999999)}",
                       f"A{self.r.randint(0, 9999999):07d}", f"MR-{self.r.randint(100000, 999999)}"])

    def account(self):
        return self.c([f"{self.r.randint(10000000, 99999999)}", f"{self.r.randint(10, 99)}-{self.r.randint(1000, 9999)}-{self.r.randint(10, 99)}",
                       f"XK{self.r.randint(100000000, 999999999)}", f"W{self.r.randint(100000000, 999999999)}",
                       f"PL-{self.r.randint(1000, 9999)}-{self.r.randint(1000, 9999)}"])

    def street(self):
        n = self.r.randint(1, 9999)
        s = f"{n} " + self.c(["", "", "", "N. ", "S. ", "W. "]) + self.c(STREETS) + " " + self.c(SUFFIXES)
        if self.p(0.25):
            s += self.c([", Apt ", " Apt. ", ", Suite ", ", Unit "]) + f"{self.r.randint(1, 40)}{self.c(['', 'B', 'C'])}"
        return s

    def zip(self):
        z = f"{self.r.randint(1001, 99950):05d}"
        return z + (f"-{self.r.randint(1000, 9999)}" if self.p(0.15) else "")

    def url(self, f, l):
        return self.c([f"https://portal.{self.c(DOMAINS)}/patients/{self.r.randint(1000, 99999)}",
                       f"www.facebook.com/{f.lower()}.{l.lower().replace(chr(39), '')}.{self.r.randint(1, 99)}",
                       f"http://mychart.riverside-med.com/visit?id={self.r.randint(1000, 99999)}",
                       f"https://www.instagram.com/{f.lower()}_{self.r.randint(10, 999)}",
                       f"mercyportal.org/u/{f.lower()}{self.r.randint(10, 99)}"])

    def ip(self):
        return self.c([f"192.168.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                       f"10.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}",
                       f"{self.r.randint(11, 223)}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"])

    def device(self):
        return self.c([f"PJN{self.r.randint(1000000, 9999999)}", f"{self.r.randint(1000, 9999)}-{self.r.randint(10000, 99999)}-A",
                       f"MDT-{self.r.randint(10000000, 99999999)}", f"{self.r.randint(10000000, 99999999)}",
                       f"SN{self.r.randint(100000, 999999)}X"])

    def vin(self):
        chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        v = self.c("1234JKW") + "".join(self.c(chars) for _ in range(16))
        while sum(ch.isdigit() for ch in v) < 4:
            v = v[:-4] + f"{self.r.randint(1000, 9999)}"
        return v

    def plate(self):
        return self.c([f"{self.r.randint(1, 9)}{self.c('ABCDEFGHJKLMNPRSTUVWXYZ')}{self.c('ABCDEFGHJKLMNPRSTUVWXYZ')}{self.c('ABCDEFGHJKLMNPRSTUVWXYZ')}{self.r.randint(100, 999)}",
                       f"{self.c('ABCDEFGHJKLMNPRSTUVWXYZ')}{self.c('ABCDEFGHJKLMNPRSTUVWXYZ')}{self.c('ABCDEFGHJKLMNPRSTUVWXYZ')}-{self.r.randint(1000, 9999)}"])

    def license(self):
        return self.c([f"{self.c('ABFM')}{self.c('ABCDEFGHJKLMNPRSTUVWXYZ')}{self.r.randint(1000000, 9999999)}",
                       f"{self.r.randint(1000000000, 1999999999)}", f"MD-{self.r.randint(10000, 99999)}",
                       f"D{self.r.randint(1000000, 9999999)}", f"{self.r.randint(100000, 9999999):07d}"])

    def age(self):
        return self.r.randint(90, 104)

    # --- pieces ------------------------------------------------------------------------------------
    def clin(self, n):
        for _ in range(self.r.randint(1, 3)):
            n.t(self.c(DISTRACTORS) + " ")
        if self.p(0.6):
            self.narrative(n)
        d, dose = self.c(DRUGS)
        n.t(f"Continue {d} {dose}. ")

    def person_line(self, n, label=None):
        n.t(label or self.c(["Patient: ", "Pt name: ", "Name: ", "PATIENT: ", "Patient Name: "]))
        name = self.full_name()
        if label is None and label != "" and self.p(0.2):
            name = name.lower()
        n.phi(name, "NAME")
        n.t("\n")

    def dob_line(self, n):
        n.t(self.c(["DOB: ", "Date of birth: ", "D.O.B. ", "Born "]))
        n.phi(self.date(allow_no_year=False), "DATE")
        n.t(self.c(["\n", "  ", "; "]))

    def mrn_line(self, n):
        if self.p(0.15):
            n.t("(")
            n.phi(f"H{self.r.randint(1000000, 9999999)}", "MRN")
            n.t(")\n")
            return
        label = self.c(["MRN: ", "MRN ", "Medical Record #: ", "Medical record number ", "Chart #: ",
                        "Patient ID: ", "MRN#", "mrn: "])
        n.t(label)
        n.phi(self.mrn(), "MRN")
        n.t(self.c(["\n", "  ", "; "]))

    def clinician(self, n, credential=True):
        f, l = self.first(), self.last()
        if self.p(0.5):
            n.t(self.c(["Dr. ", "Dr ", "Doctor "]))
            n.phi(self.c([l, f + " " + l, f[0] + ". " + l]), "NAME")
        else:
            n.phi(f + " " + l, "NAME")
            n.t(self.c([", MD", " MD", ", DO", ", NP", ", RN", ", PA-C", " M.D."]))
        return f, l

    def signature(self, n):
        kind = self.r.randint(0, 4)
        if kind == 0:
            n.t("\nElectronically signed by ")
            self.clinician(n)
            n.t(" on ")
            n.phi(self.date(False), "DATE")
            n.t(" at 16:42\n")
        elif kind == 1:
            n.t("\nSincerely,\n\n")
            f, l = self.clinician(n)
            n.t("\nInternal Medicine\nTel: ")
            n.phi(self.phone(), "PHONE")
            n.t(" | Fax: ")
            n.phi(self.phone(), "FAX")
            n.t("\n")
        elif kind == 2:
            n.t("\nDictated by: ")
            self.clinician(n)
            n.t("\nTranscribed by: ")
            n.phi(self.first()[0] + ". " + self.last(), "NAME")
            n.t("\n")
        elif kind == 3:
            n.t("\n-- ")
            self.clinician(n)
            n.t(", Lic. #: ")
            n.phi(self.license(), "LICENSE")
            n.t("\n")
        else:
            n.t("\nAttending: ")
            f, l = self.first(), self.last()
            n.phi(f + " " + l, "NAME")
            n.t("  NPI: ")
            n.phi(f"{self.r.randint(1000000000, 1999999999)}", "LICENSE")
            n.t("\n")

    def address_block(self, n):
        n.t(self.c(["Address: ", "Lives at ", "Home: ", "Residence: "]))
        street = self.street()
        if self.p(0.6):
            city = self.c(CITIES)
            n.phi(street + ", " + city, "ADDRESS")
            n.t(", " + self.c(STATES) + " ")
            n.phi(self.zip(), "ZIP")
        elif self.p(0.3):
            n.phi("PO Box " + str(self.r.randint(1, 9999)), "ADDRESS")
            n.t(", " + self.c(CITIES) + ", " + self.c(STATES) + " ")
            n.phi(self.zip(), "ZIP")
        else:
            n.phi(street, "ADDRESS")
        n.t(self.c([".\n", "\n", ". "]))

    def contact_block(self, n, f, l):
        x = self.r.randint(0, 3)
        n.t(self.c(["Phone: ", "Tel: ", "Cell: ", "Home phone: ", "Contact number "]))
        n.phi(self.phone(), "PHONE")
        if x < 2:
            n.t("; email: ")
            n.phi(self.email(f, l), "EMAIL")
        n.t(".\n")

    def relative(self, n):
        rel = self.c(["daughter", "son", "wife", "husband", "sister", "brother", "niece", "neighbor"])
        first = self.first()
        if self.p(0.5):
            n.t(f"Discussed with her {rel} ")
            n.phi(first, "NAME")
            n.t(", who is the health care proxy. ")
        else:
            n.t(f"Emergency contact: {rel}, ")
            n.phi(first + " " + self.last(), "NAME")
            n.t(", ")
            n.phi(self.phone(), "PHONE")
            n.t(". ")

    def age_phrase(self, n):
        a = self.age()
        x = self.r.randint(0, 4)
        if x == 0:
            n.phi(str(a), "AGE_OVER_89"); n.t(self.c(["-year-old ", " years old, ", " year old "]))
        elif x == 1:
            n.phi(str(a), "AGE_OVER_89"); n.t(" yo ")
        elif x == 2:
            n.t("age "); n.phi(str(a), "AGE_OVER_89"); n.t(", ")
        elif x == 3:
            n.phi(str(a), "AGE_OVER_89"); n.t(" y/o ")
        else:
            n.t("aged "); n.phi(str(a), "AGE_OVER_89"); n.t(", ")

    def ids_block(self, n):
        opts = list(range(8))
        self.r.shuffle(opts)
        for o in opts[: self.r.randint(2, 5)]:
            if o == 0:
                n.t(self.c(["SSN: ", "SS# ", "Social Security Number: ", "ssn "]))
                n.phi(self.ssn(), "SSN")
            elif o == 1:
                n.t(self.c(["Acct #: ", "Account No. ", "Member ID: ", "Policy #: ", "Insurance ID: ",
                            "Medicaid ID ", "Group #: ", "Account number "]))
                n.phi(self.account(), "ACCOUNT")
            elif o == 2:
                n.t(self.c(["Pacemaker serial # ", "S/N: ", "Device ID: ", "Insulin pump serial number ",
                            "ICD serial no. ", "Serial: "]))
                n.phi(self.device(), "DEVICE_ID")
            elif o == 3:
                n.t(self.c(["VIN ", "Vehicle VIN: "]))
                n.phi(self.vin(), "VEHICLE_ID")
            elif o == 4:
                n.t(self.c(["License plate ", "plate: ", "Plate # "]))
                n.phi(self.plate(), "VEHICLE_ID")
            elif o == 5:
                n.t(self.c(["Driver's license ", "DL# ", "License No. ", "DEA # "]))
                n.phi(self.license(), "LICENSE")
            elif o == 6:
                n.t(self.c(["Portal: ", "See ", "Uploaded to "]))
                n.phi(self.url(self.first(), self.last()), "URL")
            else:
                n.t(self.c(["Logged in from IP ", "Device IP: ", "IP address "]))
                n.phi(self.ip(), "IP_ADDRESS")
            n.t(self.c([". ", "\n", "; "]))

    # --- note kinds --------------------------------------------------------------------------------
    def discharge(self, n):
        n.t("DISCHARGE SUMMARY\n")
        self.person_line(n)
        self.mrn_line(n)
        self.dob_line(n)
        n.t("Admission date: "); n.phi(self.date(), "DATE")
        n.t("   Discharge date: "); n.phi(self.date(), "DATE"); n.t("\n")
        n.t("Attending: "); self.clinician(n); n.t("\n\n")
        n.t("HOSPITAL COURSE: ")
        if self.p(0.4):
            self.age_phrase(n)
        else:
            n.t(f"{self.r.randint(18, 89)}-year-old ")
        n.t(self.c(["woman", "man", "patient"]) + " admitted with " + self.c(["CHF exacerbation", "community-acquired pneumonia",
            "DKA", "NSTEMI", "hip fracture after a fall", "sepsis from a urinary source"]) + ". ")
        self.clin(n)
        if self.p(0.5):
            self.relative(n)
        n.t("\nFollow-up with ")
        n.t(self.c(["Dr. ", "PCP Dr. "])); n.phi(self.last(), "NAME")
        n.t(" on "); n.phi(self.date(), "DATE"); n.t(".\n")
        if self.p(0.5):
            self.address_block(n)
        self.signature(n)

    def triage(self, n):
        n.t("ED TRIAGE NOTE  ")
        n.phi(self.date(False), "DATE"); n.t(" 03:12\n")
        f, l = self.first(), self.last()
        x = self.r.randint(0, 3)
        if x == 0:
            n.t("Pt "); n.phi(f + " " + l, "NAME"); n.t(", ")
        elif x == 1:
            n.t("Patient "); n.phi(f + " " + l, "NAME"); n.t(" is a ")
        elif x == 2:
            n.t("pt "); n.phi((f + " " + l).lower(), "NAME"); n.t(" - ")
        else:
            n.t("Mr. " if self.p(0.5) else "Ms. "); n.phi(l, "NAME"); n.t(", ")
        if self.p(0.3):
            self.age_phrase(n)
        else:
            n.t(f"{self.r.randint(18, 89)} yo ")
        n.t("presents with " + self.c(["chest pain x2h", "SOB", "fall at home", "confusion", "abdominal pain", "syncope"]) + ". ")
        self.clin(n)
        n.t("\nBrought in by " + self.c(["EMS", "family", "daughter", "police"]) + ". ")
        if self.p(0.6):
            self.contact_block(n, f, l)
        if self.p(0.4):
            self.mrn_line(n)
        if self.p(0.35):
            self.ids_block(n)
        n.t("\nTriage RN: "); n.phi(self.first() + " " + self.last(), "NAME"); n.t("\n")

    def referral(self, n):
        n.phi(self.date(False), "DATE"); n.t("\n\n")
        n.t("Dear Dr. "); n.phi(self.last(), "NAME"); n.t(",\n\n")
        f, l = self.first(), self.last()
        n.t("Thank you for seeing my patient, ")
        if self.p(0.5):
            n.t(self.c(["Mr. ", "Mrs. ", "Ms. "])); n.phi(f + " " + l, "NAME")
        else:
            n.phi(f + " " + l, "NAME")
        n.t(" (DOB "); n.phi(self.date(False), "DATE"); n.t(", MRN "); n.phi(self.mrn(), "MRN"); n.t("), ")
        n.t("for evaluation of " + self.c(["refractory hypertension", "a thyroid nodule", "new-onset atrial fibrillation",
            "worsening tremor", "proteinuria"]) + ". ")
        self.clin(n)
        if self.p(0.5):
            n.t("\n")
            self.address_block(n)
        if self.p(0.5):
            self.contact_block(n, f, l)
        n.t("Records can be faxed to "); n.phi(self.phone(), "FAX"); n.t(".\n")
        self.signature(n)

    def lab(self, n):
        n.t("LABORATORY REPORT\n")
        self.person_line(n, self.c(["Patient: ", "Name: ", "PATIENT NAME: "]))
        self.mrn_line(n)
        n.t("Collected: "); n.phi(self.date(False), "DATE"); n.t(" 07:45  Received: "); n.phi(self.date(False), "DATE"); n.t("\n")
        n.t("Ordering provider: "); self.clinician(n); n.t("\n")
        for _ in range(self.r.randint(3, 6)):
            n.t(self.c(["Sodium 138 mmol/L (135-145)\n", "Potassium 5.4 mmol/L H\n", "Creatinine 1.8 mg/dL H\n",
                        "Hemoglobin 9.8 g/dL L\n", "TSH 0.02 mIU/L L\n", "Troponin I 0.08 ng/mL H\n",
                        "Glucose 212 mg/dL H\n", "INR 3.4 H\n", "Lactate 2.9 mmol/L H\n", "BNP 1240 pg/mL H\n"]))
        n.t("Critical value called to "); n.phi(self.first() + " " + self.last(), "NAME")
        n.t(", RN at 08:12 on "); n.phi(self.date(False), "DATE"); n.t(".\n")
        if self.p(0.4):
            n.t("Results portal: "); n.phi(self.url(self.first(), self.last()), "URL"); n.t("\n")
        n.t("Verified by "); n.phi(self.first()[0] + ". " + self.last(), "NAME"); n.t(", MT(ASCP)\n")

    def progress(self, n):
        n.t(self.c(["PROGRESS NOTE", "Progress Note - Hospital Day 4", "SOAP NOTE"]) + "\n")
        n.t("Date of service: "); n.phi(self.date(), "DATE"); n.t("\n")
        f, l = self.first(), self.last()
        n.t("S: "); n.t(self.c(["Mr. ", "Mrs. ", "Ms. "])); n.phi(l, "NAME")
        n.t(" reports " + self.c(["less pain", "poor sleep", "no chest pain", "nausea after meals"]) + ". ")
        if self.p(0.5):
            self.relative(n)
        n.t("\nO: "); self.clin(n)
        n.t("\nA/P: ")
        if self.p(0.3):
            self.age_phrase(n); n.t("with " + self.c(["HFrEF", "COPD", "CKD 4"]) + ". ")
        self.clin(n)
        if self.p(0.3):
            n.t("Last seen in clinic on "); n.phi(self.date(), "DATE"); n.t(". ")
        if self.p(0.3):
            self.ids_block(n)
        n.t("\n"); n.phi(self.first() + " " + self.last(), "NAME"); n.t(self.c([", MD", ", DO", " MD", ", NP"]) + "\n")

    def phone_msg(self, n):
        n.t("TELEPHONE ENCOUNTER\n")
        f, l = self.first(), self.last()
        n.t("Caller: "); n.phi(f + " " + l, "NAME"); n.t(" (" + self.c(["self", "daughter", "spouse"]) + ")\n")
        n.t("Call back number: "); n.phi(self.phone(), "PHONE"); n.t("\n")
        n.t("Message: requests refill of " + self.c(DRUGS)[0] + ". ")
        if self.p(0.5):
            n.t("Also asked that results be sent to "); n.phi(self.email(f, l), "EMAIL"); n.t(". ")
        if self.p(0.4):
            n.t("Pharmacy fax "); n.phi(self.phone(), "FAX"); n.t(". ")
        self.clin(n)
        n.t("\nTaken by "); n.phi(self.first(), "NAME"); n.t(" at the front desk on "); n.phi(self.date(), "DATE"); n.t(".\n")

    def social(self, n):
        n.t("SOCIAL WORK NOTE\n")
        self.person_line(n)
        n.t("Pt is a ")
        if self.p(0.5):
            self.age_phrase(n)
        else:
            n.t(f"{self.r.randint(40, 89)}-year-old ")
        n.t("widow living alone. ")
        self.address_block(n)
        self.relative(n)
        n.t("Drives a car; ")
        n.t(self.c(["VIN ", "vehicle VIN "])); n.phi(self.vin(), "VEHICLE_ID"); n.t(", plate "); n.phi(self.plate(), "VEHICLE_ID"); n.t(". ")
        n.t("Medicaid ID "); n.phi(self.account(), "ACCOUNT"); n.t(". ")
        if self.p(0.5):
            n.t("SSN "); n.phi(self.ssn(), "SSN"); n.t(" on file. ")
        self.clin(n)
        self.signature(n)

    def device_note(self, n):
        n.t("DEVICE CLINIC\n")
        self.person_line(n)
        self.dob_line(n)
        n.t("Device: dual-chamber pacemaker implanted "); n.phi(self.date(), "DATE"); n.t(". ")
        n.t(self.c(["Serial # ", "S/N ", "Device serial number: "])); n.phi(self.device(), "DEVICE_ID"); n.t(". ")
        n.t("Remote monitoring from IP "); n.phi(self.ip(), "IP_ADDRESS"); n.t(". ")
        self.clin(n)
        n.t("Interrogated by "); self.clinician(n); n.t(".\n")

    def build(self, i):
        kind = self.c(["discharge", "triage", "referral", "lab", "progress", "phone", "social", "device"])
        n = Note(kind)
        getattr(self, {"phone": "phone_msg", "device": "device_note"}.get(kind, kind))(n)
        return {"id": f"note-{i:04d}", "kind": kind, "text": n.text(), "spans": n.spans}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    g = Gen(SEED)
    notes = [g.build(i) for i in range(NOTES)]
    for split, rem in (("dev", 0), ("test", 1)):
        with open(os.path.join(here, f"{split}.jsonl"), "w", encoding="utf-8", newline="\n") as out:
            for i, note in enumerate(notes):
                if i % 2 == rem:
                    out.write(json.dumps(note, ensure_ascii=False, sort_keys=False) + "\n")


if __name__ == "__main__":
    main()
