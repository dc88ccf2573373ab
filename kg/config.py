"""Settings: the only global state kg has.

Every value comes from an environment variable with the ``KG_`` prefix, from a ``.env`` file in the
working directory, or from the default below. The Neo4j connection also answers to the names the
Neo4j tools use (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

StoreKind = Literal["embedded", "neo4j"]


def _env(name: str) -> AliasChoices:
    """Accept ``KG_NAME`` and the bare ``NAME`` that Neo4j's own tools use."""
    return AliasChoices(f"KG_{name}", name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="KG_", env_file=".env", env_file_encoding="utf-8", extra="ignore",
        populate_by_name=True,
    )

    # -- where the graph lives
    store: StoreKind = "embedded"
    data_dir: Path = Field(default=Path("kg-data"), description="folder of the embedded store's database")
    neo4j_uri: str = Field(default="bolt://127.0.0.1:7687", validation_alias=_env("NEO4J_URI"))
    neo4j_user: str = Field(default="neo4j", validation_alias=_env("NEO4J_USER"))
    neo4j_password: SecretStr = Field(default=SecretStr(""), validation_alias=_env("NEO4J_PASSWORD"))
    neo4j_database: str = Field(default="neo4j", validation_alias=_env("NEO4J_DATABASE"))
    store_timeout_s: float = Field(default=10.0, gt=0, description="longest a single store query may run")

    # -- the extraction pipeline
    spacy_model: str = Field(default="en_core_web_sm", description="spaCy model package or path")
    batch_size: int = Field(default=64, ge=1, le=10_000, description="articles per nlp.pipe / write batch")
    processes: int = Field(default=1, ge=1, le=64, description="worker processes that extract articles")
    alias_file: Path | None = Field(default=None, description="user alias table (JSON Lines) added to ours")
    # 200,000 characters (~33,000 words) holds any news article; extracting one costs ~9 s and ~0.8 GB
    # per process on 2 cores (1,000,000 took ~55 s and ~3 GB: a pasted book could exhaust memory)
    max_article_chars: int = Field(default=200_000, ge=1000, description="longer articles are cut")
    max_input_bytes: int = Field(default=200_000_000, ge=1, description="bigger input files are refused")

    # -- the API
    api_key: SecretStr | None = Field(default=None, description="enables mutations; sent as a Bearer token")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_query_depth: int = Field(default=10, ge=1)
    max_query_tokens: int = Field(default=2000, ge=10)
    max_query_aliases: int = Field(default=30, ge=1)
    max_page_size: int = Field(default=100, ge=1)
    request_timeout_s: float = Field(default=15.0, gt=0)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("api_key", mode="before")
    @classmethod
    def _empty_key_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "kg.sqlite3"

    def redacted(self) -> dict[str, object]:
        """The settings as a dict that is safe to print or log (secrets masked)."""
        return self.model_dump(mode="json")  # SecretStr dumps as '**********'


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
