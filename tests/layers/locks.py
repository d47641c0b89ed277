#!/usr/bin/env python3
"""locks.py: no locking read locks a parent that every write checks.

A SELECT ... FOR UPDATE locks every row its joins read.  The rows of
orgs, users, products and categories are the parents that the foreign
keys of orders, order lines and nearly every other write check (a shared
lock each): held by one request, such a row makes the others on its
server wait, and on Galera the applied writes of the other nodes abort
the request instead (1213), as often as they come.  `make cluster`
measured a service job's cancel, whose lock joined the dealer's orgs
row, failing four times running so.  A subquery's rows are read, not
locked: the scope's test goes there.

Each statement text (the string literals of a declaration or a #define,
joined) that says FOR UPDATE and joins one of those tables outside any
parentheses is a failure; the last line is "locks: N passed, N failed".

    python3 tests/layers/locks.py [fcgi-app]
"""
import os
import re
import sys

PARENTS = ("orgs", "users", "products", "categories")
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
# a declaration of a static statement, or a #define with its continuations
DECL = re.compile(r"static const char\s+\*?\s*(?:const\s+)?\w+\[\]\s*=(.*?);",
                  re.S)
DEFINE = re.compile(r"^#define\s+(\w+)(?:\([^)]*\))?((?:.*\\\n)*.*)$", re.M)
JOIN = re.compile(r"\bJOIN\s+(%s)\b" % "|".join(PARENTS), re.I)


def top_level(sql):
    """sql with every parenthesised part blanked out."""
    out, depth = [], 0
    for ch in sql:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        out.append(ch if depth == 0 and ch != ")" else " ")
    return "".join(out)


TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\b([A-Z_][A-Z0-9_]*)\b')


def joined(body, macros):
    """The literals of body in order, a known macro's name by its text."""
    out = []
    for lit, name in TOKEN.findall(body):
        out.append(lit if not name else macros.get(name, ""))
    return "".join(out)


def statements(text):
    macros = {}
    for m in DEFINE.finditer(text):
        macros[m.group(1)] = joined(m.group(2), macros)
        yield macros[m.group(1)]
    for m in DECL.finditer(text):
        yield joined(m.group(1), macros)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "..", "fcgi-app")
    passed = failed = 0
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            bad = []
            for sql in statements(text):
                if "FOR UPDATE" not in sql.upper():
                    continue
                m = JOIN.search(top_level(sql))
                if m:
                    bad.append("%s: %.70s" % (m.group(0), sql))
            if bad:
                failed += 1
                for b in bad:
                    print("not ok: %s locks a parent row: %s" % (
                        os.path.relpath(path, root), b))
            else:
                passed += 1
    print("locks: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
