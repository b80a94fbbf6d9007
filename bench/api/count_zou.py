"""Count zou's endpoints from its source, independently of snakeguard, and compare.

    python3 bench/api/count_zou.py bench/.work/api/corpus/zou bench/.work/api/zou.json

Each blueprint package `zou/app/blueprints/<name>/__init__.py` holds a `routes` list of
`(path, ResourceClass)` tuples registered by `configure_api_from_blueprint`. One endpoint
row per (tuple, HTTP method the resource class defines or inherits), bases followed through
each module's imports. Python's `ast` only: nothing is imported or run. Prints the expected
rows, the rows in the inventory JSON, and the (method, path) pairs missing or extra.
"""
import ast, os, sys, json, collections
root = sys.argv[1]
cache = {}
def parse(mod):
    if mod in cache: return cache[mod]
    base = os.path.join(root, *mod.split("."))
    path = base + ".py" if os.path.exists(base + ".py") else os.path.join(base, "__init__.py")
    if not os.path.exists(path): cache[mod] = None; return None
    t = ast.parse(open(path).read())
    imports, classes = {}, {}
    for n in t.body:
        if isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
            for a in n.names: imports[a.asname or a.name] = (n.module, a.name)
        if isinstance(n, ast.ClassDef): classes[n.name] = n
    cache[mod] = (t, imports, classes); return cache[mod]
VERBS = {"get", "post", "put", "patch", "delete"}
def verbs(mod, name, depth=0):
    m = parse(mod)
    if not m or depth > 20: return set()
    t, imports, classes = m
    if name in classes:
        c = classes[name]
        out = {f.name for f in c.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))} & VERBS
        for b in c.bases:
            bn = b.id if isinstance(b, ast.Name) else None
            if bn: out |= verbs(mod, bn, depth + 1)
        return out
    if name in imports:
        m2, n2 = imports[name]
        if m2.startswith("zou"):
            return verbs(m2, n2, depth + 1)
    return set()
exp = collections.Counter(); tuples = 0
bp = os.path.join(root, "zou/app/blueprints")
for pkg in sorted(os.listdir(bp)):
    mod = f"zou.app.blueprints.{pkg}"
    m = parse(mod)
    if not m: continue
    for node in m[0].body:
        if isinstance(node, ast.Assign) and any(isinstance(x, ast.Name) and x.id == "routes" for x in node.targets):
            for el in node.value.elts:
                tuples += 1
                p = el.elts[0].value
                for v in verbs(mod, el.elts[1].id): exp[(v.upper(), p)] += 1
got = collections.Counter()
for e in json.load(open(sys.argv[2]))["endpoints"]:
    for mth in e["methods"]: got[(mth, e["path"])] += 1
print("route tuples", tuples, "expected rows", sum(exp.values()), "distinct", len(exp), "found rows", sum(got.values()))
print("missing", sorted(set(exp) - set(got))[:20])
print("extra", sorted(set(got) - set(exp))[:20])
print("same path+method twice in the source", [k for k, c in exp.items() if c > 1][:10])
