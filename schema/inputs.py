"""GraphQL input types and their conversion to ``kg.model`` values."""

from __future__ import annotations

import datetime as dt

import strawberry

from kg import model
from kg.errors import QueryError
from schema import validate


@strawberry.input(description="Articles matching every given field.")
class ArticleFilterInput:
    mentions: list[strawberry.ID] | None = strawberry.field(
        default=None, description="entity ids: articles that mention any of them")
    mentions_all: list[strawberry.ID] | None = strawberry.field(
        default=None, description="entity ids: articles that mention all of them")
    source: str | None = None
    from_: dt.date | None = strawberry.field(default=None, name="from",
                                             description="first publication day, included")
    to: dt.date | None = strawberry.field(default=None, description="last publication day, included")
    text: str | None = strawberry.field(
        default=None, description="words that must all occur in the title or text (plain words, no syntax)")

    def to_model(self) -> model.ArticleFilter:
        date_from, date_to = validate.date_range(self.from_, self.to)
        text = validate.text("filter.text", self.text) if self.text is not None else None
        return model.ArticleFilter(
            mentions=validate.ids("filter.mentions", self.mentions),
            mentions_all=validate.ids("filter.mentionsAll", self.mentions_all),
            source=self.source,
            date_from=date_from,
            date_to=date_to,
            text=text,
        )


@strawberry.input(description="An article to extract and add to the graph.")
class IngestArticleInput:
    text: str = strawberry.field(description="the article's plain text")
    title: str | None = None
    url: str | None = strawberry.field(default=None, description="canonical URL: the article's identity")
    published_at: dt.date | None = strawberry.field(default=None, description="publication day")
    source: str | None = strawberry.field(default=None, description="the publisher, e.g. 'Example Times'")
    author: str | None = None

    def to_model(self) -> model.Article:
        text = self.text.strip()
        if not text:
            raise QueryError("input.text must not be empty: send the article's text")
        return model.Article.create(text, url=self.url or None, title=self.title or None,
                                    source=self.source or None, published=self.published_at,
                                    author=self.author or None, origin="api")
