"""Reading a test's database the way another program would: a new connection of its own
(not the repository's pool), on SQLite or PostgreSQL alike."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, text

from inspector.store.repositories.base import RepositoryBase


def database_url_of(db_arg: str) -> str:
    """The URL of what a CLI test passed to `--db` (a SQLite file's path, or a URL)."""
    return db_arg if "://" in db_arg else f"sqlite:///{db_arg}"


def url_of(target: RepositoryBase | Engine | str) -> str:
    if isinstance(target, str):
        return target
    engine = target.engine if isinstance(target, RepositoryBase) else target
    return engine.url.render_as_string(hide_password=False)


def rows(target: RepositoryBase | Engine | str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """The rows of `sql` (named parameters: `:name`) read by a new connection."""
    engine = create_engine(url_of(target))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def scalar(target: RepositoryBase | Engine | str, sql: str, **params: Any) -> Any:
    (row,) = rows(target, sql, **params)
    return row[0]


def execute(target: RepositoryBase | Engine | str, sql: str, **params: Any) -> None:
    """One statement, committed, by a new connection (a test's change behind the program)."""
    engine = create_engine(url_of(target))
    try:
        with engine.begin() as connection:
            connection.execute(text(sql), params)
    finally:
        engine.dispose()


def dump(target: RepositoryBase | Engine | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the schema, in primary-key order: the whole database's
    content, to compare before and after."""
    from sqlmodel import SQLModel

    import inspector.store.tables  # noqa: F401  (the tables' definitions fill the metadata)

    engine = create_engine(url_of(target))
    try:
        with engine.connect() as connection:
            return {
                name: [
                    tuple(row)
                    for row in connection.execute(
                        table.select().order_by(*table.primary_key.columns)
                    )
                ]
                for name, table in sorted(SQLModel.metadata.tables.items())
            }
    finally:
        engine.dispose()
