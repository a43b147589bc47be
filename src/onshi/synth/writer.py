"""Bulk writing into the hub database, inside the caller's transaction.

PostgreSQL (psycopg) gets COPY; SQLite gets the driver's executemany with rows as tuples, dates
written as SQLAlchemy's SQLite dialect stores them (ISO 8601 text); any other backend gets
SQLAlchemy's executemany. Primary keys are assigned by the generator, so nothing is read back;
afterwards PostgreSQL's id sequences are moved past them (later inserts by the hub must not
collide) and both backends ANALYZE the new tables for the query planner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Date, Table, insert, text


class RowWriter:
    """Writes lists of row dicts that hold every column of the table."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._dialect = conn.dialect.name

    def insert(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        if self._dialect == "postgresql" and self._conn.dialect.driver == "psycopg":
            self._copy(table, rows)
        elif self._dialect == "sqlite":
            self._executemany(table, rows)
        else:
            self._conn.execute(insert(table), list(rows))

    def _copy(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        from psycopg import sql

        columns = [column.name for column in table.columns]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
        driver_connection = self._conn.connection.driver_connection
        with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row.get(column) for column in columns])

    def _executemany(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        columns = [column.name for column in table.columns]
        dates = {column.name for column in table.columns if isinstance(column.type, Date)}
        names = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" for _ in columns)
        statement = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
        cursor = self._conn.connection.cursor()
        try:
            cursor.executemany(statement, [
                tuple(_iso(row.get(c)) if c in dates else row.get(c) for c in columns)
                for row in rows])
        finally:
            cursor.close()

    def finish(self, tables: Iterable[Table]) -> None:
        """Move PostgreSQL id sequences past the written ids; refresh planner statistics."""
        for table in tables:
            if self._dialect == "postgresql" and "id" in table.columns:
                self._conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                         f'(SELECT MAX(id) FROM "{table.name}"))'),
                    {"table": table.name})
            if self._dialect in ("postgresql", "sqlite"):
                self._conn.exec_driver_sql(f'ANALYZE "{table.name}"')


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
