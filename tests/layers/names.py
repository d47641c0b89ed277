#!/usr/bin/env python3
"""names.py: every feature's files and exported symbols say their feature.

STYLE.md's naming rule, checked over fcgi-app and its built objects:

  1. a file in a feature folder is named <feature>_<what>.c/.h or
     <feature>.h, and no two files in the tree share a name;
  2. every symbol a feature's object exports (nm: T, D, B, R) begins
     with "<feature>_", so that a name says where it lives and two
     features cannot clash (orders' form_key beside http's form_*).

  3. no feature calls an API handler for a page or fakes its input: no
     http_call(), http_form_field(), no write to r->json or r->params
     outside http/ (the pages call the domain operations instead).

Each feature folder is one check per rule; the last line is
"names: N passed, N failed", and the exit status is 1 on any failure.

    python3 tests/layers/names.py [fcgi-app [build/obj/fcgi-app]]
"""
import os
import re
import subprocess
import sys

# A page faking a request: running a handler, or writing the handler's input.
FAKE = re.compile(r"\bhttp_call\s*\(|\bhttp_form_field\s*\(|"
                  r"\br->json\s*=[^=]|&r->params\b|\br->params\s*=[^=]")

LIBRARIES = {"core", "db", "views", "auth", "http", "audit", "notify"}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "..", "fcgi-app")
    objs = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "..", "build", "obj", "fcgi-app")
    passed = failed = 0
    seen = {}
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith((".c", ".h")):
                seen.setdefault(f, []).append(os.path.relpath(
                    os.path.join(d, f), root))
    for f, where in sorted(seen.items()):
        if len(where) > 1:
            failed += 1
            print("FAIL file name %s used %d times: %s" % (
                f, len(where), ", ".join(sorted(where))))
    features = sorted(e for e in os.listdir(root)
                      if os.path.isdir(os.path.join(root, e))
                      and e not in LIBRARIES)
    for feat in features:
        bad = [f for f in sorted(os.listdir(os.path.join(root, feat)))
               if f.endswith((".c", ".h")) and f != feat + ".h"
               and not f.startswith(feat + "_")]
        if bad:
            failed += 1
            print("FAIL %s: files not named %s_*: %s" % (
                feat, feat, ", ".join(bad)))
        else:
            passed += 1
        fakes = []
        for f in sorted(os.listdir(os.path.join(root, feat))):
            if not f.endswith(".c"):
                continue
            with open(os.path.join(root, feat, f), encoding="utf-8",
                      errors="replace") as fh:
                for n, line in enumerate(fh, 1):
                    if FAKE.search(line):
                        fakes.append("%s:%d" % (f, n))
        if fakes:
            failed += 1
            print("FAIL %s: requests faked at %s" % (feat, ", ".join(fakes)))
        else:
            passed += 1
        odir = os.path.join(objs, feat)
        srcs = [f[:-2] for f in os.listdir(os.path.join(root, feat))
                if f.endswith(".c") and not f.endswith("_test.c")]
        paths = [os.path.join(odir, s + ".o") for s in sorted(srcs)]
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            failed += 1
            print("FAIL %s: not built: %s (make build first)" % (
                feat, ", ".join(missing[:3])))
            continue
        if not paths:
            continue
        out = subprocess.run(["nm", "--defined-only", "-g"] + paths,
                             capture_output=True, text=True, check=True)
        wrong = sorted({ln.split()[2] for ln in out.stdout.splitlines()
                        if len(ln.split()) == 3
                        and ln.split()[1] in "TDBR"
                        and not ln.split()[2].startswith(feat + "_")})
        if wrong:
            failed += 1
            print("FAIL %s: exported without %s_: %s" % (
                feat, feat, " ".join(wrong)))
        else:
            passed += 1
    print("names: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
