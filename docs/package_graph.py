"""Draw the package graph of bodycam from its imports (AST only; nothing is imported).

    python docs/package_graph.py            # Mermaid, pasted into docs/architecture.md
    python docs/package_graph.py --check    # exit 1 if an edge points against the layers

Nodes are second-level packages (``redaction.pii``, ``service.summary``); a module
directly under a top-level package is its own node (``service.pipeline``).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOP = ("redaction", "service", "eval")
RANK = {"redaction": 0, "service": 1, "eval": 2}


def node_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def edges() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for top in TOP:
        for path in sorted((REPO / top).rglob("*.py")):
            mod = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
            src = node_of(mod)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                for name in names:
                    if name.split(".")[0] in TOP:
                        dst = node_of(name)
                        if dst != src:
                            graph[src].add(dst)
    return graph


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    graph = edges()
    backwards = [(a, b) for a, bs in graph.items() for b in bs
                 if RANK[b.split(".")[0]] > RANK[a.split(".")[0]]]
    if args.check:
        for a, b in backwards:
            sys.stderr.write(f"{a} -> {b} points up the layers\n")
        return 1 if backwards else 0
    out = ["```mermaid", "graph LR"]
    for top in TOP:
        members = sorted({n for n in set(graph) | {b for bs in graph.values() for b in bs}
                          if n.split(".")[0] == top})
        out.append(f"  subgraph {top}")
        out.extend(f"    {n.replace('.', '_')}[{n}]" for n in members)
        out.append("  end")
    for a in sorted(graph):
        for b in sorted(graph[a]):
            out.append(f"  {a.replace('.', '_')} --> {b.replace('.', '_')}")
    out.append("```")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
