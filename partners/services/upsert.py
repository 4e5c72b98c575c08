"""Insert-or-update of many companies by key: ``INSERT ... ON CONFLICT (key) DO UPDATE``.

Why not ``bulk_create(update_conflicts=True)``: it prepares every value of every row
through the field API and, with ``DEBUG`` on, quotes every parameter again for the
query log; 100,000 companies took over two minutes on SQLite that way. Here the
statement is built once from the model's own fields and values are converted by
column type. SQLite (and psycopg 3) take the rows with ``executemany``; with
psycopg2, rows are copied (``COPY``, PostgreSQL's fast path) into a temporary
table and upserted from there in one statement.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from io import StringIO
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from alliance import kept
from partners.models import Company

# Field types whose Python values (str, int, bool, None) both databases take as they are.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
_TIMESTAMPS = ("created_at", "updated_at")
_STAGE_TABLE = "partners_company_upsert"

Convert = Callable[[Any], Any]


def companies_upsert(*, rows: Sequence[Mapping[str, Any]], update_fields: Sequence[str]) -> None:
    """Insert companies given as {field name: value}; where the key exists, update instead.

    On insert, fields missing from a row get the model's default. On update, only
    ``update_fields`` change; the other columns keep their stored values.
    ``created_at`` and ``updated_at`` are set to now, like ``auto_now`` would.
    Values must already be of the fields' Python types (the caller validated them).
    """
    if not rows:
        return
    fields = [f for f in Company._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    with transaction.atomic():
        if _copy_available():
            _upsert_by_copy(fields, rows, update_fields, now)
        else:
            _upsert_by_executemany(fields, rows, update_fields, now)
        kept.profiles_changed()  # no signal is sent for these rows


def _values(
    fields: Sequence[models.Field], rows: Sequence[Mapping[str, Any]], converts: Sequence[Convert]
) -> list[list[Any]]:
    # get_default() gives "" for text fields without a default, as Model() does.
    columns = [(f.attname, f.get_default(), c) for f, c in zip(fields, converts, strict=True)]
    return [[convert(row.get(name, default)) for name, default, convert in columns] for row in rows]


def _upsert_by_executemany(fields, rows, update_fields, now) -> None:
    converts = [_driver_value(field, now) for field in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {_table()} ({_columns(fields)}) VALUES ({placeholders}) "
    with connection.cursor() as cursor:
        cursor.executemany(sql + _on_conflict(update_fields), _values(fields, rows, converts))


def _driver_value(field: models.Field, now: Any) -> Convert:
    """A value for the database driver, as the field API would prepare it."""
    if field.attname in _TIMESTAMPS:
        stamp = field.get_db_prep_save(now, connection)
        return lambda _value: stamp
    if isinstance(field, models.JSONField):
        # JSONField.get_db_prep_save, minus two layers of calls per value.
        adapt, encoder = connection.ops.adapt_json_value, field.encoder
        return lambda value: None if value is None else adapt(value, encoder)
    if isinstance(field, _PLAIN_FIELDS):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def _upsert_by_copy(fields, rows, update_fields, now) -> None:
    converts = [_csv_value(field, now) for field in fields]
    text = "".join(",".join(row) + "\n" for row in _values(fields, rows, converts))
    stage, columns = connection.ops.quote_name(_STAGE_TABLE), _columns(fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} AS SELECT {columns} FROM {_table()} WITH NO DATA"
        )
        # The driver's own cursor: Django's wrapper has no COPY.
        cursor.cursor.copy_expert(
            f"COPY {stage} ({columns}) FROM STDIN (FORMAT csv)", StringIO(text)
        )
        cursor.execute(
            f"INSERT INTO {_table()} ({columns}) SELECT {columns} FROM {stage} "
            + _on_conflict(update_fields)
        )
        cursor.execute(f"DROP TABLE {stage}")


def _csv_value(field: models.Field, now: Any) -> Convert:
    """A CSV cell for COPY: NULL is an empty unquoted cell, every text is quoted."""
    if field.attname in _TIMESTAMPS:
        stamp = _quote(now.isoformat())
        return lambda _value: stamp
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda v: "" if v is None else _quote(json.dumps(v, cls=encoder))
    if isinstance(field, models.BooleanField):
        return lambda v: "" if v is None else ("true" if v else "false")
    if isinstance(field, models.IntegerField):
        return lambda v: "" if v is None else str(int(v))
    if isinstance(field, models.DateTimeField):
        return lambda v: "" if v is None else _quote(v.isoformat())
    if isinstance(field, models.CharField | models.TextField):
        return lambda v: "" if v is None else _quote(v)
    raise TypeError(f"no CSV conversion for {field!r}")  # a new field type: add it here


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _copy_available() -> bool:
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3  # psycopg 3 pipelines executemany, fast enough without COPY


def _table() -> str:
    return connection.ops.quote_name(Company._meta.db_table)


def _columns(fields: Sequence[models.Field]) -> str:
    return ", ".join(connection.ops.quote_name(f.column) for f in fields)


def _on_conflict(update_fields: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    key = quote(Company._meta.get_field("key").column)
    columns = [quote(Company._meta.get_field(name).column) for name in update_fields]
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns)
    return f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
