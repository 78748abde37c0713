#!/usr/bin/env python3
"""Reference BLEU scores from sacreBLEU for BleuTest.

Run from this directory:  pip install sacrebleu==2.6.0 && python3 make_bleu_vectors.py
Writes bleu-vectors.json: sentence-level cases (sacrebleu.sentence_bleu) and one corpus case
(sacrebleu.corpus_bleu), all with sacreBLEU's default settings.
"""
import json
import sacrebleu

SENTENCES = [
    ("The patient takes metformin 500 mg twice daily.", ["The patient takes metformin 500 mg twice a day."]),
    ("Continue lisinopril 10 mg once daily.", ["Continue lisinopril 10 mg once daily."]),
    ("Chest pain: call 999 now!", ["Call an ambulance (999) immediately for chest pain."]),
    ("BP 132/84, HR 72; weight 81.5 kg.", ["BP 132/84, HR 72, weight 81.5 kg."]),
    ("Start apixaban 2.5-5 mg.", ["Started apixaban 5 mg twice daily."]),
    ("no overlap at all", ["completely different words here"]),
    ("short", ["a much longer reference sentence about the patient"]),
    ("&quot;Urgent&quot; &amp; review <b>today</b>", ["\"Urgent\" & review today"]),
    ("Discharge on furosemide 40 mg, review U&Es in 1 week.", ["Discharged on furosemide 40mg; U&Es in one week.",
                                                              "Discharge with furosemide 40 mg, check U&Es in 1 week."]),
    ("Patient well.  Plan:\tcontinue.", ["Patient well. Plan: continue."]),
    ("It's the doctor's note - e.g. x-ray at 10:30.", ["It is the doctor's note, e.g. X-ray at 10:30."]),
    ("", ["empty hypothesis"]),
    ("Ibuprofen stopped", ["Ibuprofen stopped last month because of reflux"]),
]

CORPUS_HYPS = [s[0] for s in SENTENCES]
CORPUS_REFS = [s[1][0] for s in SENTENCES]

out = {
    "sacrebleu": sacrebleu.__version__,
    "sentence": [
        {"hypothesis": h, "references": refs, "bleu": sacrebleu.sentence_bleu(h, refs).score}
        for h, refs in SENTENCES
    ],
    "tokenized": [{"text": h, "tokens": sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a()(h)}
                  for h, _ in SENTENCES],
    "corpus": {
        "hypotheses": CORPUS_HYPS,
        "references": CORPUS_REFS,
        "bleu": sacrebleu.corpus_bleu(CORPUS_HYPS, [CORPUS_REFS]).score,
    },
}
with open("bleu-vectors.json", "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote bleu-vectors.json")
