"""kg: a knowledge graph of the entities in news articles and the relations between them."""

__version__ = "0.1.0"
