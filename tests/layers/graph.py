#!/usr/bin/env python3
"""graph.py: the folder-level include graph of fcgi-app, and its rules.

Prints one line per folder with the folders it includes (from the
#include "..." lines of its .c and .h files; *_test.c and the top-level
main.c, routes.c, routes_cli.c, server.c and test_main.c, which may
include anything, are left out), then checks the house rules of STYLE.md:

  1. a library (core, db, views, auth, http, audit) includes no feature;
  2. no cycle between folders, of any length;
  3. a feature includes another feature only where ALLOWED says so, and
     for the edges in NARROW only through the one small header named.

ALLOWED may only shrink: an entry no longer needed fails too, so that it
is removed.  Each edge is one check; the last line is
"layers: N passed, N failed" and the exit status is 1 on any failure.

    python3 tests/layers/graph.py [fcgi-app]
"""
import os
import re
import sys

LIBRARIES = {"core", "db", "views", "auth", "http", "audit", "notify", "media"}
TOP_LEVEL = {"main.c", "routes.c", "routes_cli.c", "server.c", "test_main.c"}

# feature -> feature edges that may stay, each with why.  Only shrink it.
ALLOWED = {
    # the two the design names, each only through its small header (NARROW)
    ("ledger", "complaints"): "a dispute opens a complaint",
    ("orders", "ledger"): "shipping posts an invoice",
    ("orders", "addresses"): "an order copies its ship-to address, frozen",
    # an order's lines are the catalogue's products, priced by its rules
    ("orders", "catalogue"): "order lines are priced catalogue products",
    # an approval moves the order it decides, in one transaction
    ("approvals", "orders"): "an approval moves the order it decides",
    # pages that draw what another feature owns: later, as domain reads
    ("approvals", "accounts"): "the region limit form is on the org page",
    ("home", "catalogue"): "the dashboard shows current promotions",
    ("home", "complaints"): "the dashboard shows complaint clocks",
    ("home", "kpi"): "the dashboard shows the dealer's tier",
    ("home", "news"): "the dashboard shows the latest news",
    # the webhooks push the feed's events, numbered and shaped as the feed
    ("webhooks", "feed"): "webhooks deliver the feed's events",
    # the benchmark's seed writes other features' rows as they do
    ("bench", "orders"): "the bench seed costs orders as orders do",
    ("bench", "sellthrough"): "the bench seed writes sell-through reports",
    # a complaint's words are indexed in the transaction that writes them
    ("complaints", "search"): "a complaint's text is indexed as it is written",
    ("bench", "search"): "the bench seed indexes its complaints as filing does",
}

# Allowed edges that may use one header of the other feature, no other.
NARROW = {
    ("ledger", "complaints"): "complaints/complaints_dispute.h",
    ("orders", "ledger"): "ledger/ledger_invoice.h",
    ("orders", "addresses"): "addresses/addresses_ship_to.h",
    ("webhooks", "feed"): "feed/feed.h",
    ("complaints", "search"): "search/search_index.h",
    ("bench", "search"): "search/search_index.h",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def graph(root):
    """{folder: {folder it includes: [(file, header it includes)]}}"""
    edges = {}
    for d, _, files in os.walk(root):
        for f in sorted(files):
            if not f.endswith((".c", ".h")) or f.endswith("_test.c"):
                continue
            path = os.path.join(d, f)
            rel = os.path.relpath(path, root)
            parts = rel.split(os.sep)
            if len(parts) == 1:
                if f in TOP_LEVEL or not f.endswith(".h"):
                    continue
                src = "."
            else:
                src = parts[0]
            edges.setdefault(src, {})
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            for inc in INCLUDE.findall(text):
                target = os.path.normpath(os.path.join(d, inc))
                trel = os.path.relpath(target, root).split(os.sep)
                if trel[0] == ".." or not os.path.exists(target):
                    continue	# a system or generated header
                dst = trel[0] if len(trel) > 1 else "."
                if dst != src:
                    edges[src].setdefault(dst, []).append(
                        (rel, os.path.relpath(target, root)))
    return edges


def cycles(edges):
    """The edges that lie on a cycle (in one strongly connected set)."""
    index, low, stack, on, comp = {}, {}, [], set(), {}
    n = [0]

    def visit(v):	# Tarjan
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            while True:
                w = stack.pop()
                on.discard(w)
                comp[w] = v
                if w == v:
                    break

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return {(a, b) for a in edges for b in edges[a]
            if b in comp and comp[a] == comp[b]}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "fcgi-app")
    edges = graph(root)
    # a library's include of a feature is its own failure, not a cycle
    looped = cycles({a: {b: 1 for b in edges[a]
                         if a not in LIBRARIES or b in LIBRARIES}
                     for a in edges})
    passed = failed = 0
    problems = []
    print("libraries: " + " ".join(sorted(LIBRARIES)))
    for src in sorted(edges):
        kind = ("lib" if src in LIBRARIES else "top" if src == "."
                else "feature")
        deps = []
        for dst in sorted(edges[src]):
            why = None
            files = sorted({f for f, _ in edges[src][dst]})
            wide = sorted({f for f, h in edges[src][dst]
                           if (src, dst) in NARROW and h != NARROW[src, dst]})
            if src in LIBRARIES and dst not in LIBRARIES:
                why = "a library includes a feature"
            elif (src, dst) in looped:
                why = "a cycle"
            elif (src not in LIBRARIES and dst not in LIBRARIES and
                  (src, dst) not in ALLOWED):
                why = "a feature includes a feature, not in ALLOWED"
            elif wide:
                why = "only %s may be included" % NARROW[src, dst]
                files = wide
            if why is None:
                passed += 1
                deps.append(dst if src in LIBRARIES or dst in LIBRARIES
                            else dst + "*")
            else:
                failed += 1
                deps.append(dst + "!")
                where = ", ".join(files[:3]) + (", ..." if len(files) > 3
                                                else "")
                problems.append("%s -> %s: %s (%s)" % (src, dst, why, where))
        print("%-8s %-12s -> %s" % (kind, src, " ".join(deps) or "-"))
    for (src, dst), why in sorted(ALLOWED.items()):
        if dst not in edges.get(src, {}):
            failed += 1
            problems.append("%s -> %s: in ALLOWED (%s) but no longer "
                            "included: remove it" % (src, dst, why))
    print("(* an allowed feature -> feature edge, ! a broken rule)")
    for p in problems:
        print("FAIL " + p)
    print("layers: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
