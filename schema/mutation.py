"""The ``Mutation`` root: add an article (the same loader code as ``kg load``) or delete one.

Both need the API key (see :mod:`schema.permissions`). Each returns a union of its result and a
``MutationError`` for what the client can fix (an empty text, an unknown id); a store failure stays a
GraphQL error, like for queries.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import strawberry
from strawberry.permission import PermissionExtension

from kg.errors import InputError, QueryError
from schema.context import Info
from schema.inputs import IngestArticleInput
from schema.permissions import HasApiKey
from schema.types import Article


@strawberry.type(description="What a mutation could not do, and why.")
class MutationError:
    message: str


@strawberry.type(description="The article as stored, with what extraction found in it.")
class IngestResult:
    article: Article
    entities: int = strawberry.field(description="entities the article mentions")
    relations: int = strawberry.field(description="relations the article supports")
    unchanged: bool = strawberry.field(description="true when the same article was already stored")


@strawberry.type
class DeleteResult:
    id: strawberry.ID
    deleted: bool = strawberry.field(description="false when there was no such article")


IngestPayload = Annotated[IngestResult | MutationError, strawberry.union("IngestPayload")]
DeletePayload = Annotated[DeleteResult | MutationError, strawberry.union("DeletePayload")]


def _guarded() -> list[PermissionExtension]:
    return [PermissionExtension(permissions=[HasApiKey()], use_directives=False)]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Extract an article with the server's spaCy pipeline and add it to "
                                     "the graph. Needs the API key.", extensions=_guarded())
    async def ingest_article(self, info: Info, input: IngestArticleInput) -> IngestPayload:
        try:
            article = input.to_model()
        except (QueryError, InputError) as exc:
            return MutationError(message=str(exc))
        from loaders.ingest import ingest_articles  # spaCy: only when a mutation asks for it

        settings = info.context.settings
        # No write retries inside a request: a store that is down gives its error now, not after the
        # request timeout; the client can send the article again.
        report = await info.context.store(
            lambda s: ingest_articles([article], s, settings, retry_delays=()))
        if report.failures:
            return MutationError(message="; ".join(f.reason for f in report.failures))
        record = await info.context.loaders.articles.load(article.id)
        if record is None:
            return MutationError(message=f"article {article.id!r} was not stored; the server log has why")
        mentions, relations = await asyncio.gather(
            info.context.loaders.article_mentions.load(article.id),
            info.context.loaders.article_relations.load(article.id),
        )
        return IngestResult(article=Article.from_record(record), entities=len(mentions),
                            relations=len(relations), unchanged=report.unchanged > 0)

    @strawberry.mutation(description="Delete an article; relations and entities left with no support go "
                                     "with it. Needs the API key.", extensions=_guarded())
    async def delete_article(self, info: Info, id: strawberry.ID) -> DeletePayload:
        if not id.strip():
            return MutationError(message="id must not be empty: give the id of an article")
        deleted = await info.context.store(lambda s: s.delete_article(id))
        return DeleteResult(id=id, deleted=deleted)

