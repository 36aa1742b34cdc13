#!/usr/bin/env python3
"""What the playground's wasm builds are made of: the code of each release wasm Trunk built
(before wasm-bindgen and wasm-opt strip its function names) by crate and by our module, and its
largest functions, from `twiggy top` (install: `cargo install twiggy --locked`). The first build
(convox_k8s_web: what the first result needs) and the second (convox_k8s_extras: everything).
Writes the `wasm` section of benches/RESULTS.md (and prints it).

    python3 scripts/wasm-top.py [path/to/a.wasm …]

Sizes are the code's raw bytes as rustc emitted them (name and custom sections left out);
wasm-opt and gzip shrink every part, so read the shares, not the bytes. The shipped file's size
is the browser benchmark's.
"""
import csv
import io
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDS = [ROOT / f"target/web/wasm32-unknown-unknown/release/{n}.wasm" for n in ("convox_k8s_web", "convox_k8s_extras")]
RESULTS = ROOT / "benches/RESULTS.md"
TOP = 15


def crate_of(name: str) -> str:
    """The crate an item belongs to: the first crate path in its name (`<A as B>` is A's when A
    has a path, else B's: a generic `<A as core::…>` is core's)."""
    if name.startswith("data segment"):
        return "(data)"
    m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::", name)
    return m.group(1) if m else "(no crate path: primitives, exports, glue)"


def module_of(name: str) -> str:
    """For our crate, its top module: `convox_k8s::mapping::…` → `mapping`."""
    m = re.search(r"convox_k8s::([a-z_]+)", name)
    return m.group(1) if m else "(root)"


def contents(wasm: Path) -> list[str]:
    """The Markdown tables of one build."""
    out = subprocess.run(["twiggy", "top", "-n", "1000000", "-f", "csv", str(wasm)],
                         check=True, capture_output=True, text=True).stdout
    rows = [(r["Name"], int(r["ShallowSize"])) for r in csv.DictReader(io.StringIO(out))]
    code = [(n, s) for n, s in rows if not (n.startswith('"function names"') or n.startswith("custom section")
                                            or "subsection" in n)]
    total = sum(s for _, s in code)
    crates, ours = Counter(), Counter()
    for n, s in code:
        c = crate_of(n)
        crates[c] += s
        if c == "convox_k8s":
            ours[module_of(n)] += s
    share = lambda s: f"{100 * s / total:.1f} %"
    kb = lambda s: f"{s / 1024:.1f} KiB"
    md = [f"### {wasm.name}", "",
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC — {kb(total)} of code and data "
          "before wasm-bindgen and wasm-opt (names and custom sections left out; read the shares).", "",
          "| crate | bytes | share |", "|---|--:|--:|"]
    md += [f"| {c} | {kb(s)} | {share(s)} |" for c, s in crates.most_common(TOP)]
    md += ["", "Our crate by module:", "", "| module | bytes | share |", "|---|--:|--:|"]
    md += [f"| {m} | {kb(s)} | {share(s)} |" for m, s in ours.most_common(TOP)]
    md += ["", "Largest items:", "", "| item | bytes |", "|---|--:|"]
    for n, s in sorted(code, key=lambda x: -x[1])[:TOP]:
        md.append(f"| `{re.sub(r'::h[0-9a-f]{16}$', '', n).replace('|', '/')}` | {kb(s)} |")
    return md


def main() -> None:
    builds = [Path(a) for a in sys.argv[1:]] or BUILDS
    md = ["## The wasm's contents: `python3 scripts/wasm-top.py`", ""]
    for wasm in builds:
        md += contents(wasm) + [""]
    body = "\n".join(md).rstrip()
    print(body)
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    section = f"<!-- wasm -->\n{body}\n<!-- /wasm -->"
    if "<!-- wasm -->" in text and "<!-- /wasm -->" in text:
        start, end = text.index("<!-- wasm -->"), text.index("<!-- /wasm -->") + len("<!-- /wasm -->")
        text = text[:start] + section + text[end:]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
