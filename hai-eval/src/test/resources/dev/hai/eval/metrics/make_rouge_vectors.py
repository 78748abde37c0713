#!/usr/bin/env python3
"""Reference ROUGE F-measures from Google's rouge-score package for RougeTest.

Run from this directory:  pip install rouge-score==0.1.2 && python3 make_rouge_vectors.py
Writes rouge-vectors.json: rouge1, rouge2, rougeL F-measures without stemming.
"""
import json
from rouge_score import rouge_scorer

PAIRS = [
    ("The patient takes metformin 500 mg twice daily.", "The patient takes metformin 500 mg twice a day."),
    ("Chest pain: call 999 now!", "Call an ambulance (999) immediately for chest pain."),
    ("no overlap at all", "completely different words here"),
    ("Discharge on furosemide 40 mg, review U&Es in 1 week.", "Discharged on furosemide 40mg; U&Es in one week."),
    ("the the the cat", "the cat sat on the mat"),
    ("A B C D E F", "F E D C B A"),
    ("Résumé: patient stable, café visit.", "Patient stable after cafe visit"),
    ("", "empty answer"),
]
scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
out = []
for answer, reference in PAIRS:
    s = scorer.score(reference, answer)  # score(target, prediction)
    out.append({"answer": answer, "reference": reference, "rouge1": s["rouge1"].fmeasure,
                "rouge2": s["rouge2"].fmeasure, "rougeL": s["rougeL"].fmeasure})
with open("rouge-vectors.json", "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote rouge-vectors.json")
