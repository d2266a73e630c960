"""What the ORM cannot say on both databases."""

from django.db import connection


def union_all(querysets):
    """The rows of several ordered, sliced QuerySets, in one query.

    Both databases take a LIMIT inside a UNION only within a subquery, which Django's union()
    does not write for SQLite; each part is wrapped here.
    """
    parts, params = [], []
    for i, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS part{i}")
        params += part_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()
