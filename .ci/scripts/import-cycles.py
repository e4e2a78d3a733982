#!/usr/bin/env python3
"""Import circles between the modules of app/src.

Every file is a module (`a/b.rs` and `a/b/mod.rs` are `a::b`; inline `mod x { … }`
blocks count as their file). A module imports another when it names it through `use`
or a path (`crate::a::b::c`, `super::x`). References to a module's own ancestors or
descendants are left out (a folder and its files are one idea); everything else forms
the graph, and each strongly connected component with more than one module is a
circle. Exit status 1 when there is one.
"""
import os, re, sys

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', 'app', 'src')
mods = {}
for dirpath, _, files in os.walk(ROOT):
    for f in files:
        if not f.endswith('.rs'):
            continue
        rel = os.path.relpath(os.path.join(dirpath, f), ROOT)[:-3].split(os.sep)
        if rel[-1] in ('mod', 'lib'):
            rel = rel[:-1]
        mods[tuple(rel)] = os.path.join(dirpath, f)

def resolve(path):
    """The longest known module prefix of a path."""
    for n in range(len(path), 0, -1):
        if tuple(path[:n]) in mods:
            return tuple(path[:n])
    return None

edges = {m: set() for m in mods}
for mod, file in mods.items():
    text = open(file).read()
    text = re.sub(r'//[^\n]*', '', text)
    # `use a::{b, c::d}` lists expand to paths.
    for m in re.finditer(r'\buse\s+((?:crate|super|self)(?:::\w+)*)::\{([^;]*)\};', text, re.S):
        for item in re.split(r'[,{}\s]+', m.group(2)):
            pass
    paths = re.findall(r'\b((?:crate|super)(?:::\w+)+)', text)
    for m in re.finditer(r'\buse\s+((?:crate|super)(?:::\w+)*)::\{([^;]*)\};', text, re.S):
        for part in re.findall(r'\w+(?:::\w+)*', m.group(2)):
            paths.append(m.group(1) + '::' + part)
    for p in paths:
        parts = p.split('::')
        if parts[0] == 'crate':
            target = parts[1:]
        else:
            base = list(mod)
            while parts and parts[0] == 'super':
                base = base[:-1]
                parts = parts[1:]
            target = base + parts
        t = resolve(target)
        if t is None or t == mod:
            continue
        # ancestors and descendants are one idea
        if t[:len(mod)] == mod or mod[:len(t)] == t:
            continue
        edges[mod].add(t)

# Tarjan's strongly connected components.
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(comp)
for v in mods:
    if v not in index:
        visit(v)
name = lambda m: '::'.join(m) or 'crate'
for comp in sccs:
    members = set(comp)
    print('circle:', ', '.join(sorted(name(m) for m in comp)))
    for m in sorted(comp):
        for t in sorted(edges[m] & members):
            print(f'  {name(m)} -> {name(t)}')
print(f'{len(mods)} modules, {sum(len(e) for e in edges.values())} imports, {len(sccs)} circle(s)')
sys.exit(1 if sccs else 0)
