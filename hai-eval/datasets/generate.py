#!/usr/bin/env python3
"""Writes the two synthetic example datasets of hai-eval (no real patients, no real PHI).

Run from the repository root:  python3 hai-eval/datasets/generate.py
Deterministic (fixed seed): rerunning it rewrites the same bytes, so the datasets' content
hashes stay the same unless this script changes.
"""
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/main/resources/dev/hai/eval/datasets"
rng = random.Random(20261126)

MEDS = [
    ("metformin", ["500 mg", "850 mg", "1000 mg"], "endocrinology"),
    ("lisinopril", ["5 mg", "10 mg", "20 mg"], "cardiology"),
    ("atorvastatin", ["20 mg", "40 mg", "80 mg"], "cardiology"),
    ("amoxicillin", ["250 mg", "500 mg"], "general-practice"),
    ("sertraline", ["50 mg", "100 mg"], "psychiatry"),
    ("levothyroxine", ["25 mcg", "50 mcg", "100 mcg"], "endocrinology"),
    ("apixaban", ["2.5 mg", "5 mg"], "cardiology"),
    ("salbutamol", ["100 mcg"], "respiratory"),
    ("omeprazole", ["20 mg", "40 mg"], "gastroenterology"),
    ("furosemide", ["20 mg", "40 mg"], "cardiology"),
    ("paracetamol", ["500 mg", "1 g"], "general-practice"),
    ("prednisolone", ["5 mg", "30 mg"], "respiratory"),
    ("insulin glargine", ["10 units", "20 units"], "endocrinology"),
    ("amlodipine", ["5 mg", "10 mg"], "cardiology"),
]
FREQ = ["once daily", "twice daily", "at night", "every morning", "three times daily"]
OPENERS = [
    "Follow-up visit. Patient reports feeling better.",
    "Review in clinic. No new complaints.",
    "Telephone consultation about repeat prescriptions.",
    "Discharge medication reconciliation.",
    "Annual review, bloods taken last week.",
]
DISTRACTORS = [
    "Allergic to penicillin (rash).",
    "Stopped ibuprofen last month because of reflux.",
    "BP 132/84, HR 72.",
    "Weight 81 kg.",
    "Advised to reduce salt intake.",
]
POPULATIONS = ["adult", "older-adult", "paediatric"]


def medication_items():
    items = []
    for i in range(1, 61):
        k = 1 + (i % 3)
        chosen = rng.sample(MEDS, k)
        parts = [rng.choice(OPENERS)]
        expected = []
        for name, doses, _ in chosen:
            dose = rng.choice(doses)
            freq = rng.choice(FREQ)
            template = rng.choice([
                "Continue {n} {d} {f}.",
                "Started on {n} {d} {f}.",
                "Takes {n} {d} {f}.",
                "Dose of {n} changed to {d} {f}.",
            ])
            parts.append(template.format(n=name, d=dose, f=freq))
            expected.append(f"{name} {dose}")
        if i % 2 == 0:
            parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(DISTRACTORS))
        specialty = chosen[0][2]
        difficulty = "easy" if k == 1 else ("medium" if k == 2 else "hard")
        item = {
            "id": f"med-{i:03d}",
            "input": {"note": " ".join(parts)},
            "expected": {"items": expected},
            "tags": {
                "specialty": specialty,
                "difficulty": difficulty,
                "population": "adult" if i % 5 else "older-adult",
            },
        }
        if "ibuprofen" in item["input"]["note"]:
            item["notes"] = "ibuprofen was stopped: it must not be extracted"
        items.append(item)
    return items


TRIAGE = {
    "emergency": [
        ("crushing central chest pain radiating to the left arm for 30 minutes, sweating", "cardiology", True),
        ("sudden weakness of the right arm and slurred speech that started an hour ago", "neurology", True),
        ("severe shortness of breath, unable to complete sentences, lips look blue", "respiratory", True),
        ("vomiting blood twice this morning and feels faint", "gastroenterology", True),
        ("worst headache of their life, came on suddenly, neck stiffness", "neurology", True),
        ("non-blanching purple rash and fever, very drowsy", "paediatrics", True),
        ("thoughts of ending their life and has a plan", "psychiatry", True),
        ("swollen tongue and throat after a bee sting, wheezing", "general-practice", True),
    ],
    "urgent": [
        ("fever of 38.9 C and painful urination for two days, flank pain", "general-practice", False),
        ("ankle swollen and cannot bear weight after a fall", "orthopaedics", False),
        ("asthma worse over three days, using the reliever inhaler every four hours", "respiratory", False),
        ("cut on the hand that keeps bleeding through the dressing", "general-practice", False),
        ("ear pain and fever of 38.5 C since yesterday", "paediatrics", False),
        ("blood sugar readings above 20 mmol/L for a day, very thirsty", "endocrinology", False),
        ("new confusion and a urinary catheter in place", "general-practice", False),
        ("painful red swollen calf after a long flight", "cardiology", False),
    ],
    "routine": [
        ("mild hay fever symptoms, sneezing and itchy eyes", "general-practice", False),
        ("a request for a repeat prescription of levothyroxine", "endocrinology", False),
        ("dry skin patches on the elbows for several months", "dermatology", False),
        ("occasional heartburn after large meals", "gastroenterology", False),
        ("a request for advice about stopping smoking", "respiratory", False),
        ("a mild lower back ache after gardening, walking normally", "orthopaedics", False),
        ("no symptoms, due a routine blood pressure check", "cardiology", False),
        ("trouble sleeping for two weeks, no other concerns", "psychiatry", False),
    ],
}
AGES = {"adult": "{a}-year-old", "older-adult": "{a}-year-old", "paediatric": "{a}-year-old child"}


def triage_items():
    items = []
    n = 0
    for round_ in range(3):
        for label in ("emergency", "urgent", "routine"):
            for presentation, specialty, red_flag in TRIAGE[label]:
                n += 1
                if n > 66:
                    break
                population = "paediatric" if specialty == "paediatrics" else rng.choice(POPULATIONS[:2])
                age = {"adult": rng.randint(22, 64), "older-adult": rng.randint(66, 92),
                       "paediatric": rng.randint(2, 14)}[population]
                who = AGES[population].format(a=age)
                lead = ["Caller reports a", "Message from the family of a", "Walk-in:"][round_]
                article = "an" if str(age).startswith("8") or age in (11, 18) else "a"
                lead = lead.replace(" a", " " + article) if lead.endswith(" a") else lead
                text = f"{lead} {who} with {presentation}."
                items.append({
                    "id": f"tri-{n:03d}",
                    "input": {"message": text},
                    "expected": {"label": label},
                    "tags": {
                        "specialty": specialty,
                        "population": population,
                        "red_flag": "true" if red_flag else "false",
                        "difficulty": ["easy", "medium", "hard"][round_],
                    },
                })
    return items


def write(name, items):
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / name, "w", encoding="utf-8", newline="\n") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False, sort_keys=False) + "\n")
    print(f"{name}: {len(items)} items")


write("medication-extraction.jsonl", medication_items())
write("triage-urgency.jsonl", triage_items())
