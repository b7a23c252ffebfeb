"""Whole tables at once, the same on SQLite and PostgreSQL: row counts, a content digest,
copying every row with its id, emptying, and PostgreSQL's id sequences.

The tables are the application's own (`SQLModel.metadata`, which a test keeps equal to the
migrations), in the order of their references. Rows are read and written through the
tables' column types, so a digest is of what the application reads: the same rows give
the same digest on either database (times as UTC ISO text, JSON with sorted keys).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError

BATCH = 1000


def app_tables() -> list[Table]:
    """Every table of the application, each after the tables it refers to."""
    from sqlmodel import SQLModel

    import inspector.store.tables  # noqa: F401  (registers the tables)

    return list(SQLModel.metadata.sorted_tables)


def row_counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in app_tables()
    }


def _ordered(table: Table) -> Any:
    return select(table).order_by(*table.primary_key.columns)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def row_text(row: Any) -> bytes:
    """One row as canonical JSON (the digest's unit)."""
    values = [_canonical(value) for value in row]
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str).encode() + b"\n"


def table_digest(connection: Connection, table: Table) -> tuple[int, str]:
    """Rows and the SHA-256 of the table's content in id order."""
    digest = hashlib.sha256()
    count = 0
    for row in connection.execute(_ordered(table)):
        digest.update(row_text(row))
        count += 1
    return count, digest.hexdigest()


def _batches(connection: Connection, table: Table) -> Iterator[list[Any]]:
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
        _ordered(table)
    )
    for partition in result.partitions(BATCH):
        yield list(partition)


def copy_table(
    source: Connection,
    target: Connection,
    table: Table,
    progress: Callable[[int], None] | None = None,
) -> tuple[int, str]:
    """Copy every row of `table` with its ids; returns the rows read and their digest.

    A column that refers to its own table (an organization's parent, the change a change
    undoes) is written empty first and filled once all the rows are there, so that the
    order of the rows does not matter to the references."""
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    keys = [column.name for column in table.columns]
    digest = hashlib.sha256()
    count = 0
    later: list[dict[str, Any]] = []
    for batch in _batches(source, table):
        rows = []
        for row in batch:
            digest.update(row_text(row))
            values = dict(zip(keys, row, strict=True))
            for name in self_refs:
                if values[name] is not None:
                    later.append({"_id": values["id"], "_col": name, "_value": values[name]})
                    values[name] = None
            rows.append(values)
        _insert(target, table, rows)
        count += len(rows)
        if progress is not None:
            progress(len(rows))
    for name in self_refs:
        pairs = [
            {"_id": item["_id"], "_value": item["_value"]} for item in later if item["_col"] == name
        ]
        if pairs:
            statement = (
                table.update()
                .where(table.c.id == bindparam("_id"))
                .values({name: bindparam("_value")})
            )
            target.execute(statement, pairs)
    return count, digest.hexdigest()


def _insert(target: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """The rows into `table`: PostgreSQL's COPY through psycopg (several times faster than
    INSERTs at a prefecture's million answers), else an executemany. Values pass the
    columns' own bind processing either way (times in UTC, JSON as text)."""
    dialect = target.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        target.execute(table.insert(), rows)
        return
    processors = [(column.name, column.type.bind_processor(dialect)) for column in table.columns]
    names = ", ".join(f'"{name}"' for name, _ in processors)
    raw: Any = target.connection.dbapi_connection
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    try:
        _copy_rows(raw, statement, processors, rows)
    except dialect.loaded_dbapi.Error as exc:  # as SQLAlchemy would have raised it
        raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error) from None


def _copy_rows(raw: Any, statement: str, processors: list[Any], rows: list[Any]) -> None:
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    row[name] if process is None else process(row[name])
                    for name, process in processors
                ]
            )


def reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, each id sequence continues after the largest id (rows copied with
    their ids do not advance it); SQLite needs nothing (it takes the largest id + 1)."""
    if connection.dialect.name != "postgresql":
        return
    for table in app_tables():
        if "id" not in table.c:
            continue
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            ),
            {"table": f'"{table.name}"'},
        )


def clear_tables(engine: Engine) -> None:
    """Delete every row of every table in one transaction (the schema stays); on
    PostgreSQL the id sequences start again at 1."""
    tables = app_tables()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        for table in reversed(tables):
            connection.execute(table.delete())


def table_names(connection: Connection) -> set[str]:
    """The tables present in the database connected to (views and SQLite's own excluded)."""
    from sqlalchemy import inspect

    return {
        name for name in inspect(connection).get_table_names() if not name.startswith("sqlite_")
    }
