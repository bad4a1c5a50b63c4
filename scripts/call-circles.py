#!/usr/bin/env python3
"""Fail if the given object files call each other in a circle.

Every file of sim/ is one module; a module may call down into the modules
below it, never back up.  A circle (a calls b, b calls a, perhaps through
others) means two files are one concern split in two, or a call that should
go through a table (the model's step table, the CLI's command table).  Reads
each object's symbols with nm: defined (T, D, R, B) and undefined (U).
Usage: call-circles.py OBJ...   Exit 0 if none, 1 listing each circle.
"""
import collections
import os
import subprocess
import sys


def symbols(obj):
    out = subprocess.run(["nm", obj], capture_output=True, text=True,
                         check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "TDRB":
            defined.add(p[2])
        elif len(p) == 2 and p[0] == "U":
            used.add(p[1])
    return defined, used


def circles(graph):
    """Tarjan's strongly connected components of more than one file."""
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main(objs):
    owner, uses = {}, {}
    for o in objs:
        name = os.path.basename(o)[:-2]
        defined, used = symbols(o)
        for s in defined:
            owner[s] = name
        uses[name] = used
    graph = collections.defaultdict(set)
    why = collections.defaultdict(set)
    for f, used in uses.items():
        graph[f]
        for s in used:
            g = owner.get(s)
            if g and g != f:
                graph[f].add(g)
                why[(f, g)].add(s)
    bad = circles(graph)
    for comp in bad:
        print("call circle between files: " + ", ".join(comp + [""])[:-2])
        for a in comp:
            for b in comp:
                if (a, b) in why:
                    print("  %s -> %s: %s" % (a, b,
                          ", ".join(sorted(why[(a, b)])[:6])))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
