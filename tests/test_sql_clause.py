"""SQL fragments with their parameters: composed by construction, never by editing SQL text."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from sahel_atlas.query.model import Filters
from sahel_atlas.query.sql import TRUE, Clause, and_, compose, or_, to_sql

A = Clause("a = ?", (1,))
B = Clause("b = ?", (2,))


@pytest.mark.parametrize(
    ("clauses", "expected"),
    [
        ((), TRUE),
        ((TRUE, TRUE), TRUE),
        ((A,), A),
        ((TRUE, A, TRUE), A),
        ((A, B), Clause("a = ? AND b = ?", (1, 2))),
        ((or_(A, B), A), Clause("(a = ? OR b = ?) AND a = ?", (1, 2, 1))),
    ],
)
def test_and_keeps_each_value_beside_its_placeholder(clauses, expected) -> None:
    assert and_(*clauses) == expected


def test_compose_orders_parameters_as_the_text_reads() -> None:
    query = compose(
        "SELECT {x} * ? FROM t WHERE {where} AND {x} > 0 {order}",
        x=Clause("?", (10,)),
        where=A.and_(B),
        order="ORDER BY 1",
    )
    assert query == Clause("SELECT ? * ? FROM t WHERE a = ? AND b = ? AND ? > 0 ORDER BY 1",
                           (10, 1, 2, 10))


def test_a_composed_query_runs_with_its_own_parameters() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, 2), (1, 3), (4, 2)) v(a, b)")
    where = and_(A, or_(B, Clause("b = ?", (3,))))
    query = compose("SELECT count(*) * {k} FROM t WHERE {where}", k=Clause("?", (10,)), where=where)
    assert con.execute(query.sql, query.params).fetchone() == (20,)


@pytest.mark.parametrize("indexed", [False, True])
def test_every_filter_gives_one_value_per_placeholder(indexed: bool) -> None:
    filters = Filters(dt.date(2012, 1, 1), dt.date(2013, 1, 1), actors=("aqim",),
                      types=("Battles",), places=("MLI",), sources=("s",), statuses=("claimed",),
                      q="o'hara")
    clause = to_sql(filters, indexed=indexed)
    assert clause.sql.count("?") == len(clause.params)
    assert "o'hara" not in clause.sql
