"""The query-depth and alias limits as validation rules whose cost is linear in the document.

strawberry's ``QueryDepthLimiter`` and ``MaxAliasesLimiter`` walk a fragment again at every place it is
spread, so a document of thirty fragments that each spread the next one twice (a few hundred tokens,
well under the token limit) took 2**30 steps, in the event loop: one request froze the server (found
by ``tests/reliability/test_hostile_clients.py``). Here what each fragment holds is measured once and
reused. The limits count what strawberry's count, with the same messages:

* depth: a root field is at depth 0 and each selection set adds one; introspection fields
  (``__schema``, ``__type``) are not counted, so that the playground's schema query passes;
* aliases: every aliased field of the document's operations, a fragment counted at each spread.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import GraphQLError
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.validation import ValidationContext, ValidationRule


@dataclass(frozen=True, slots=True)
class Measure:
    depth: int  # of the deepest field with a selection set below (0: leaves only)
    aliases: int  # aliased fields below, fragments counted at each spread


class DocumentMeasure:
    """Depth and aliases of selection sets; each named fragment measured once (a cycle, or an unknown
    fragment, counts as empty: graphql-core's own rules report those)."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.memo: dict[str, Measure] = {}
        self.open: set[str] = set()

    def of(self, selections: SelectionSetNode | None) -> Measure:
        depth = aliases = 0
        for selection in selections.selections if selections else ():
            if isinstance(selection, FieldNode):
                if selection.alias:
                    aliases += 1
                if selection.name.value.startswith("__") or not selection.selection_set:
                    continue
                inner = self.of(selection.selection_set)
                depth, aliases = max(depth, 1 + inner.depth), aliases + inner.aliases
            elif isinstance(selection, InlineFragmentNode | FragmentSpreadNode):
                inner = (self.of(selection.selection_set) if isinstance(selection, InlineFragmentNode)
                         else self.fragment(selection.name.value))
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
        return Measure(depth, aliases)

    def fragment(self, name: str) -> Measure:
        if name in self.memo:
            return self.memo[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.open:
            return Measure(0, 0)
        self.open.add(name)
        try:
            self.memo[name] = self.of(fragment.selection_set)
        finally:
            self.open.discard(name)
        return self.memo[name]


def _operations(document: DocumentNode) -> list[OperationDefinitionNode]:
    return [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]


def depth_limit_rule(max_depth: int) -> type[ValidationRule]:
    """A validation rule that reports every operation nested deeper than ``max_depth``."""

    class DepthLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            measure = DocumentMeasure(context.document)
            for operation in _operations(context.document):
                try:
                    depth = measure.of(operation.selection_set).depth
                except RecursionError:  # fragments spread inside each other hundreds of levels deep
                    depth = max_depth + 1
                if depth > max_depth:
                    name = operation.name.value if operation.name else "anonymous"
                    context.report_error(GraphQLError(
                        f"'{name}' exceeds maximum operation depth of {max_depth}", operation))

    return DepthLimit


def alias_limit_rule(max_aliases: int) -> type[ValidationRule]:
    """A validation rule that reports a document with more than ``max_aliases`` aliased fields."""

    class AliasLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            measure = DocumentMeasure(context.document)
            try:
                total = sum(measure.of(op.selection_set).aliases for op in _operations(context.document))
            except RecursionError:
                total = max_aliases + 1
            if total > max_aliases:
                context.report_error(GraphQLError(f"{total} aliases found. Allowed: {max_aliases}"))

    return AliasLimit
