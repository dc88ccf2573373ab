"""Dependency shapes: the subset of spaCy's ``DependencyMatcher`` patterns that ``relation_patterns.json``
uses, matched without its per-document set-up (which cost more than the rest of our components).

A pattern is a list of nodes; the first is the anchor, every other names a node before it
(``LEFT_ID``) and how it relates to it: ``REL_OP`` ``">"`` (a child of it) or ``"<"`` (its head).
``RIGHT_ATTRS`` may test ``DEP``, ``POS``, ``TAG``, ``LOWER`` and ``ENT_TYPE``, each with a value or
``{"IN": [...]}`` / ``{"NOT_IN": [...]}``. Anchors are looked up by their dependency label, so a
pattern anchored on a rare label ("appos", "agent") costs next to nothing. A match is the list of
token indexes in node order, as the ``DependencyMatcher`` gives it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import DEP
from spacy.tokens import Doc, Token

_ATTRS = {
    "DEP": lambda t: t.dep_,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "ENT_TYPE": lambda t: t.ent_type_,
}
_OPS = frozenset({">", "<"})


@dataclass(frozen=True, slots=True)
class _Node:
    name: str
    left: int  # index of the node it relates to; -1 for the anchor
    op: str
    tests: tuple[tuple[str, frozenset[str], bool], ...]  # (attribute, values, inside)

    def accepts(self, tok: Token) -> bool:
        return all((_ATTRS[attr](tok) in values) == inside for attr, values, inside in self.tests)


def _node(spec: dict, names: dict[str, int]) -> _Node:
    tests = []
    for attr, value in spec.get("RIGHT_ATTRS", {}).items():
        if attr not in _ATTRS:
            raise ValueError(f"dependency shapes: unsupported attribute {attr!r} in {spec}")
        if isinstance(value, dict):
            inside = "IN" in value
            values = frozenset(value["IN"] if inside else value["NOT_IN"])
        else:
            inside, values = True, frozenset([value])
        tests.append((attr, values, inside))
    left = names[spec["LEFT_ID"]] if "LEFT_ID" in spec else -1
    op = spec.get("REL_OP", "")
    if left >= 0 and op not in _OPS:
        raise ValueError(f"dependency shapes: unsupported REL_OP {op!r} in {spec}")
    return _Node(spec["RIGHT_ID"], left, op, tuple(tests))


class DependencyShapes:
    """Matches named patterns; call it on a parsed ``Doc``."""

    def __init__(self, patterns: dict[str, list[dict]]) -> None:
        self.patterns: list[tuple[str, tuple[_Node, ...], frozenset[str] | None]] = []
        for pid, spec in patterns.items():
            names: dict[str, int] = {}
            nodes = []
            for n, node_spec in enumerate(spec):
                nodes.append(_node(node_spec, names))
                names[node_spec["RIGHT_ID"]] = n
            anchor_dep = next((values for attr, values, inside in nodes[0].tests if attr == "DEP" and inside), None)
            self.patterns.append((pid, tuple(nodes), anchor_dep))

    def __call__(self, doc: Doc) -> list[tuple[str, list[int]]]:
        strings = doc.vocab.strings
        by_dep: dict[str, list[int]] = {}  # dependency label -> its tokens, read once for every pattern
        for i, d in enumerate(doc.to_array(DEP).tolist()):
            by_dep.setdefault(strings[d], []).append(i)
        everything = range(len(doc))
        out = []
        for pid, nodes, anchor_dep in self.patterns:
            starts = everything if anchor_dep is None else sorted(i for d in anchor_dep for i in by_dep.get(d, ()))
            for i in starts:
                tok = doc[i]
                if nodes[0].accepts(tok):
                    out += [(pid, match) for match in _extend(nodes, [tok])]
        return out


def _extend(nodes: tuple[_Node, ...], bound: list[Token]) -> Iterator[list[int]]:
    if len(bound) == len(nodes):
        yield [t.i for t in bound]
        return
    node = nodes[len(bound)]
    left = bound[node.left]
    candidates = left.children if node.op == ">" else ([left.head] if left.head.i != left.i else [])
    taken = {t.i for t in bound}  # Tokens are new objects at every access: compare indices
    for cand in candidates:
        if cand.i not in taken and node.accepts(cand):
            yield from _extend(nodes, [*bound, cand])
