"""The read path: the GraphQL API over a graph store (the only package that imports strawberry).

Kept import-light on purpose: nothing is imported here, so that ``kg`` and the Neo4j store can read
data files of this package (``schema/neo4j.cypher``) without loading strawberry. Start with
:mod:`schema.app` (``create_app``, ``serve``), :mod:`schema.query` and :mod:`schema.types`.
"""
