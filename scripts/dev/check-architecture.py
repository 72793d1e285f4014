#!/usr/bin/env python3
"""Checks the invariants ARCHITECTURE.md states, on the source itself (run by ./scripts/test).

It reads every `src/**/*.rs`, finds what each module refers to (`use` trees and inline
`crate::`/`super::` paths), and fails, saying where, when:
- two modules import each other in a circle, file by file or folder by folder (a module and its own
  parent or child do not count; `server::startup` and `server::state` assemble everything and are
  allowed to import it all);
- a layer imports what it must not (the rules are the RULES table below, one line per invariant);
- a module's text shows what its layer must not do (TEXT_RULES: HTTP in the domain, the token core
  or the shop; the session cookie in the API);
- a lesson reaches past what a lab may use (LEARN_ALLOWED) or into another lesson;
- a file or a function is longer than one sitting's read.
"""
import os
import re
import sys
from collections import defaultdict

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SRC = os.path.join(ROOT, "src")

# (module prefix, forbidden prefix or text, why) -- the invariants of ARCHITECTURE.md.
RULES = [
    ("pages", "server::", "pages never import server code: they call server functions"),
    ("components", "server::", "components never import server code"),
    ("domain", "server", "domain is shared with the browser: no server code"),
    ("domain", "server_fns", "domain knows no server functions"),
    ("domain", "pages", "domain knows no pages"),
    ("actions", "pages", "actions know no pages (no import circle with the views)"),
    ("server::shop", "server::cookie", "shop knows owners, not carriers"),
    ("server::shop", "server::token", "shop knows owners, not carriers"),
    ("server::shop", "server::api", "shop knows owners, not carriers"),
    ("server::shop", "server::learn", "shop knows nothing of the lessons"),
    ("server::api", "server::cookie", "the API never reads the session cookie"),
    ("server::api", "server::db", "the API goes through shop, accounts and token, not the database"),
    ("server::db", "server::shop", "the database layer is below the shop"),
    ("server::db", "server::accounts", "the database layer is below the accounts"),
    ("server::db", "server::cookie", "the database layer is below the carriers"),
    ("server::db", "server::token", "the database layer is below the carriers"),
    ("server::db", "server::api", "the database layer has no HTTP code"),
    ("server::db", "server::oauth", "the database layer has no HTTP code"),
    ("server::oauth", "server::db", "the authorization server goes through token and cookie, not the database"),
    ("server::shop", "server::oauth", "shop knows owners, not the ways in"),
    ("server::token", "server::oauth", "the token core has no HTTP: the authorization server calls it, never the reverse"),
    ("server::api", "server::oauth", "the API checks scopes from the token; it knows no authorization server"),
    ("server::accounts", "server::cookie", "accounts know no carrier"),
    ("server::accounts", "server::token", "accounts know no carrier"),
    ("server::accounts", "server::api", "accounts know no carrier"),
    ("server::shop", "server::web", "shop knows owners, not HTTP"),
    ("server::web", "server::shop", "the HTTP layer reads the state, not the shop's functions"),
    ("learn", "server::db", "a lab uses the shop's and the carriers' public functions, never the database"),
    ("learn", "partner", "the Learn section serves its routes on the partner origin; it does not import the partner"),
    ("partner", "learn", "the partner is assembled with the labs' routes by server::startup, not by importing them"),
    ("api_reference", "learn", "the API reference knows no lessons"),
]
# What a lesson's server code may reach on the server, and nothing else: the shop, the accounts,
# the two carriers, the HTTP layer and the API's problem answers and extractors.
LEARN_ALLOWED = (
    "server::shop", "server::accounts", "server::cookie", "server::token", "server::web",
    "server::api::error", "server::api::extract", "server::clock", "server::crypto",
    "server::state", "server::AppState", "server::config", "server::Config",
)
# Text that must not appear in a module's files (the token core has no HTTP types; the API never
# touches the cookie session).
TEXT_RULES = [
    ("server::token", re.compile(r"\baxum\b|\bhttp::|\btower\b|\bHeaderMap\b|\bStatusCode\b"),
     "the token core has no HTTP types"),
    ("domain", re.compile(r"\baxum\b|\bhyper\b|\bhttp::|\bStatusCode\b|\bstatus_code\b|\bserver_fn\b|"
                          r"\bsqlx\b|\btokio\b|\bstd::(fs|net|io|env|process)\b|\bweb_sys\b|\bleptos\b"),
     "domain holds no I/O and no HTTP"),
    ("server::shop", re.compile(r"\baxum\b|\bhttp::|\bHeaderMap\b|\bStatusCode\b|\bResponse\b"),
     "shop holds the shop; HTTP is server::web's"),
    ("server::api", re.compile(r"\btower_sessions\b|\bShopSession\b"),
     "the API never reads the session cookie"),
]
ROOTS = {"server::startup", "server::state"}
# Small enough to read in one sitting (ARCHITECTURE.md); tests are exempt.
MAX_FILE_LINES = 400
MAX_FN_LINES = 80


def module_of(path):
    rel = os.path.relpath(path, SRC)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib", "main"):
        rel = rel[:-1]
    return "::".join(rel)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def expand(tree):
    """Expands a use tree like `a::{b, c::{d, e}}` into paths."""
    tree = re.sub(r"\s+", "", tree)
    depth, start, parts = 0, None, []
    for i, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}":
            depth -= 1
    if "{" not in tree:
        return [re.sub(r"\bas\w+$", "", tree)]
    head, rest = tree[: tree.index("{")], tree[tree.index("{") + 1 : tree.rindex("}")]
    items, depth, cur = [], 0, ""
    for ch in rest:
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    items.append(cur)
    for item in filter(None, items):
        parts.extend(expand(head + item) if item != "self" else [head.rstrip(":")])
    return parts


def resolve(path, here):
    """`crate::a::b` and `super::x` to a module path (without the `crate::`)."""
    parts = path.split("::")
    base = here.split("::") if here else []
    if parts[0] == "crate":
        return "::".join(parts[1:])
    if parts[0] == "super":
        while parts and parts[0] == "super":
            base = base[:-1]
            parts = parts[1:]
        return "::".join(base + parts)
    if parts[0] == "self":
        return "::".join(base + parts[1:])
    return None


def references(text, here):
    # `super::` is the parent of the module, whether it is `foo/bar.rs` or `foo/bar/mod.rs`.
    scope = here
    found = set()
    for tree in re.findall(r"\buse\s+([^;]+);", text):
        for p in expand(tree):
            r = resolve(p, scope if not p.startswith("crate") else "")
            if r is not None:
                found.add(r)
    for p in re.findall(r"\b((?:crate|super)(?:::\w+)+)", text):
        r = resolve(p, scope if p.startswith("super") else "")
        if r is not None:
            found.add(r)
    return found


def main():
    files = {}
    for dirpath, _, names in os.walk(SRC):
        for n in names:
            # `it.rs`: a lesson's integration tests, compiled into tests/it, not into the crate.
            if n.endswith(".rs") and n != "it.rs":
                path = os.path.join(dirpath, n)
                files[module_of(path)] = (path, n in ("mod.rs", "lib.rs", "main.rs"))
    modules = set(files)

    def owner(ref):
        """The longest known module a reference names."""
        parts = ref.split("::")
        for i in range(len(parts), 0, -1):
            m = "::".join(parts[:i])
            if m in modules:
                return m
        return None

    def related(a, b):
        return a == b or a.startswith(b + "::") or b.startswith(a + "::") or a == "" or b == ""

    failures = []
    edges = defaultdict(set)
    for mod, (path, is_dir) in files.items():
        text = strip_comments(open(path, encoding="utf-8").read())
        refs = references(text, mod)
        for prefix, forbidden, why in RULES:
            if mod == prefix or mod.startswith(prefix + "::"):
                for r in refs:
                    if r == forbidden or r.startswith(forbidden):
                        failures.append(f"{os.path.relpath(path, ROOT)}: uses {r}: {why}")
        failures.extend(learn_problems(mod, path, refs))
        for prefix, pattern, why in TEXT_RULES:
            # The ids derive sqlx's encoding (bound into statements as they are): a description of
            # how they are stored, not I/O.
            checked = re.sub(r"derive\(sqlx::Type\), sqlx\(transparent\)", "", text)
            if (mod == prefix or mod.startswith(prefix + "::")) and pattern.search(checked):
                failures.append(f"{os.path.relpath(path, ROOT)}: `{pattern.search(checked).group(0)}`: {why}")
        if mod in ROOTS:
            continue
        for r in refs:
            target = owner(r)
            if target and not related(mod, target):
                edges[mod].add(target)

    def folder(m):
        parts = m.split("::")
        return "::".join(parts[:2]) if parts[0] == "server" and len(parts) > 1 else parts[0]

    folder_edges = defaultdict(set)
    for a, bs in edges.items():
        for b in bs:
            fa, fb = folder(a), folder(b)
            if fa != fb and not related(fa, fb):
                folder_edges[fa].add(fb)

    for graph, what in ((edges, "modules"), (folder_edges, "folders")):
        for cycle in cycles(graph):
            failures.append(f"{what} import each other in a circle: {' -> '.join(cycle + [cycle[0]])}")

    for mod, (path, _) in files.items():
        failures.extend(size_problems(path))
        failures.extend(form_and_server_fn_problems(path))
    failures.extend(browser_script_problems())

    if failures:
        print("ARCHITECTURE.md's invariants are broken:")
        for f in sorted(set(failures)):
            print("  " + f)
        return 1
    print(f"architecture: {len(files)} modules, {sum(map(len, edges.values()))} imports, no circle, every rule holds")
    return 0


def form_and_server_fn_problems(path):
    """The shop's forms work without JavaScript: a `<form>` with no `method` belongs to a view that
    shows `NeedsScript` (a lab's or the playground's script drives it). Server functions answer
    under /fn/, so /api/ is the JSON API alone."""
    rel = os.path.relpath(path, ROOT)
    text = strip_comments(open(path, encoding="utf-8").read())
    out = []
    for form in re.findall(r"<form\b[^>]*>", text):
        if "method=" not in form and "<NeedsScript/>" not in text:
            out.append(f"{rel}: {form}: a form without method must be in a view that shows NeedsScript")
    for attr in re.findall(r"#\[server\(([^)]*)\)\]", text):
        if 'prefix = "/fn"' not in attr:
            out.append(f"{rel}: #[server({attr})]: server functions answer under /fn/ (prefix = \"/fn\")")
    return out


# Browser scripts: elements found by data-lab-* or ids, never by a test id; one base64url decoder.
JS_TEST_ID_READ = re.compile(r"""querySelector(All)?\([^)]*data-testid|closest\([^)]*data-testid|"""
                             r"""matches\([^)]*data-testid|getAttribute\(["']data-testid|dataset\.testid(?!\s*=[^=])""")


def browser_script_problems():
    out, decoders = [], []
    for dirpath, _, names in os.walk(SRC):
        for n in names:
            if not n.endswith(".js"):
                continue
            path = os.path.join(dirpath, n)
            rel = os.path.relpath(path, ROOT)
            text = open(path, encoding="utf-8").read()
            for m in JS_TEST_ID_READ.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                out.append(f"{rel}:{line}: reads a test id ({m.group(0)}): find elements by data-lab-* or id")
            if "atob(" in text:
                decoders.append(f"{rel} ({text.count('atob(')})")
    if len(decoders) != 1 or not decoders[0].endswith("(1)"):
        out.append(f"base64url must be decoded in one place (src/browser/kit.js); atob( is in: {', '.join(decoders) or 'none'}")
    return out


def lesson_of(mod):
    """`tamper` for `learn::lessons::tamper::server`; None outside a lesson's folder."""
    parts = mod.split("::")
    return parts[2] if len(parts) > 2 and parts[:2] == ["learn", "lessons"] else None


def learn_problems(mod, path, refs):
    """A lesson uses the shop's, the accounts' and the carriers' public functions, the HTTP layer
    and Learn's shared pieces; never the database, the API's handlers, or another lesson."""
    if not (mod == "learn" or mod.startswith("learn::")):
        return []
    rel = os.path.relpath(path, ROOT)
    out = []
    for r in refs:
        if r.startswith("server::") and not any(r == a or r.startswith(a + "::") for a in LEARN_ALLOWED):
            out.append(f"{rel}: uses {r}: a lab may use only {', '.join(LEARN_ALLOWED)}")
        other = lesson_of(r)
        if lesson_of(mod) and other and other != lesson_of(mod):
            out.append(f"{rel}: uses {r}: a lesson never imports another lesson (share it from learn:: instead)")
    return out


def size_problems(path):
    """Files over MAX_FILE_LINES, functions over MAX_FN_LINES (not counting `#[cfg(test)]` code)."""
    rel = os.path.relpath(path, ROOT)
    text = open(path, encoding="utf-8").read()
    code = text.split("#[cfg(test)]")[0]
    lines = code.split("\n")
    out = []
    if len(lines) > MAX_FILE_LINES:
        out.append(f"{rel}: {len(lines)} lines (at most {MAX_FILE_LINES} outside tests)")
    # Strings and comments hide braces that are not code.
    literal = r'r(#*)"[\s\S]*?"\1|"(?:\\[\s\S]|[^"\\])*"|\'(?:\\.|[^\'\\])\'|//[^\n]*'
    plain = re.sub(literal, lambda m: re.sub(r"[^\n]", " ", m.group(0)), code)
    plain_lines = plain.split("\n")
    for i, line in enumerate(plain_lines):
        m = re.match(r"\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:const\s+)?fn\s+(\w+)", line)
        if not m:
            continue
        depth, started = 0, False
        for j in range(i, len(plain_lines)):
            for ch in plain_lines[j]:
                if ch == "{":
                    depth += 1
                    started = True
                elif ch == "}":
                    depth -= 1
            if started and depth == 0:
                break
            if not started and plain_lines[j].rstrip().endswith(";"):
                break
        length = j - i + 1
        if started and length > MAX_FN_LINES:
            out.append(f"{rel}:{i + 1}: fn {m.group(1)} is {length} lines (at most {MAX_FN_LINES})")
    return out


def cycles(graph):
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
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
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


if __name__ == "__main__":
    sys.exit(main())
