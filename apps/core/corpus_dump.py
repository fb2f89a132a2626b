"""Dump the whole corpus to JSON Lines and load it back, row for row, into any database.

The dump holds every table of the project's apps (resolutions, units, links and their
memberships, statuses, versions, history and whatever apps add later), with primary keys and
timestamps exactly as stored, so a load reproduces the source database. Users appear only as
usernames (for authorship in history tables); passwords never leave the database.

Format `tawazi-corpus/1`: a header line
  {"format": "tawazi-corpus/1", "created": ISO time, "models": [labels], "counts": {label: n},
   "users": {id: username}, "content_types": {id: [app_label, model]}}
then one line per row, in the order of "models": {"model": label, "fields": {column: value}}.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import IntegrityError, connections, models, transaction

from apps.core.logging import log_event
from apps.corpus.revisions import revision_bump

logger = logging.getLogger(__name__)

FORMAT = "tawazi-corpus/1"
BATCH = 2000


# Labels of tables a dump made by an older release names differently: links' members were
# Django's automatic ManyToMany tables before alignment migration 0010 declared them.
_RENAMED = {
    "alignment.Link_paragraphs": "alignment.LinkParagraph",
    "alignment.Link_sentences": "alignment.LinkSentence",
    "alignment.Link_clauses": "alignment.LinkClause",
}
_MEMBERS = {
    "alignment.LinkParagraph": "paragraph",
    "alignment.LinkSentence": "sentence",
    "alignment.LinkClause": "clause",
}


class DumpError(ValueError):
    """A dump that cannot be loaded here (wrong format, tables not empty, unknown model)."""


def corpus_models() -> list[type[models.Model]]:
    """Every concrete table of the project's apps, M2M tables included, parents before children."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config is not None
        and model._meta.app_config.name.startswith("apps.")
        and not model._meta.proxy
        and model._meta.managed
        # A cache stamp, not corpus data: a load bumps the target's own counter instead.
        and model._meta.label != "corpus.CorpusGeneration"
    ]
    labels = {m._meta.label for m in found}
    ordered: list[type[models.Model]] = []
    placed: set[str] = set()

    def place(model: type[models.Model], trail: tuple[str, ...] = ()) -> None:
        label = model._meta.label
        if label in placed or label in trail:
            return
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if isinstance(target, type) and target._meta.label in labels and target is not model:
                place(target, (*trail, label))
        placed.add(label)
        ordered.append(model)

    for model in sorted(found, key=lambda m: m._meta.label):
        place(model)
    return ordered


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The stored columns of a model; generated columns are computed by the database."""
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _external_fields(model: type[models.Model]) -> dict[str, str]:
    """Foreign keys leaving the corpus: column -> "user" or "content_type"."""
    user_model = get_user_model()
    corpus = {m._meta.label for m in corpus_models()}
    external = {}
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        target = field.related_model
        if target is user_model:
            external[field.attname] = "user"
        elif target is ContentType:
            external[field.attname] = "content_type"
        elif isinstance(target, type) and target._meta.label not in corpus:
            raise DumpError(
                f"{model._meta.label}.{field.name} points at {target._meta.label}, which is not "
                "part of the corpus; teach apps/core/corpus_dump.py how to carry it."
            )
    return external


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()  # full microseconds, unlike DjangoJSONEncoder
    if isinstance(value, dt.timedelta):
        return {"__timedelta__": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot dump {type(value).__name__}")


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dict) and "__timedelta__" in value:
        days, seconds, micro = value["__timedelta__"]
        return dt.timedelta(days=days, seconds=seconds, microseconds=micro)
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def corpus_dump(*, stream: IO[str], using: str = "default") -> dict[str, int]:
    """Write the corpus of database `using` to stream as tawazi-corpus/1; return row counts."""
    corpus = corpus_models()
    with transaction.atomic(using=using):  # one consistent snapshot on PostgreSQL
        counts = {m._meta.label: m._base_manager.using(using).count() for m in corpus}
        user_ids: set[Any] = set()
        type_ids: set[Any] = set()
        for model in corpus:
            for column, kind in _external_fields(model).items():
                ids = set(
                    model._base_manager.using(using)
                    .exclude(**{f"{column}__isnull": True})
                    .values_list(column, flat=True)
                    .distinct()
                )
                (user_ids if kind == "user" else type_ids).update(ids)
        user_model = get_user_model()
        users = dict(
            user_model._base_manager.using(using)
            .filter(pk__in=user_ids)
            .values_list("pk", user_model.USERNAME_FIELD)
        )
        content_types = {
            ct.pk: [ct.app_label, ct.model]
            for ct in ContentType.objects.db_manager(using).filter(pk__in=type_ids)
        }
        header = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "models": [m._meta.label for m in corpus],
            "counts": counts,
            "users": {str(k): v for k, v in users.items()},
            "content_types": {str(k): v for k, v in content_types.items()},
        }
        stream.write(json.dumps(header, ensure_ascii=False) + "\n")
        for model in corpus:
            label = model._meta.label
            columns = [f.attname for f in _columns(model)]
            rows = model._base_manager.using(using).order_by("pk").values_list(*columns)
            for row in rows.iterator(chunk_size=BATCH):
                line = {"model": label, "fields": dict(zip(columns, row, strict=True))}
                stream.write(json.dumps(line, ensure_ascii=False, default=_encode) + "\n")
    log_event(logger, "corpus.dumped", database=using, rows=sum(counts.values()))
    return counts


@contextmanager
def _timestamps_as_given(corpus: list[type[models.Model]]) -> Iterator[None]:
    """Keep stored created/updated times: auto_now(_add) would overwrite them on insert."""
    saved = []
    for model in corpus:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _map_users(users: dict[str, str], using: str) -> dict[str, Any]:
    """Source user id -> target user id, by username; missing users are created inactive."""
    user_model = get_user_model()
    mapping = {}
    for old_id, username in users.items():
        user = (
            user_model._base_manager.using(using)
            .filter(**{user_model.USERNAME_FIELD: username})
            .first()
        )
        if user is None:
            user = user_model(**{user_model.USERNAME_FIELD: username}, is_active=False)
            user.set_unusable_password()
            user.save(using=using)
        mapping[old_id] = user.pk
    return mapping


def _map_content_types(types: dict[str, list[str]], using: str) -> dict[str, Any]:
    mapping = {}
    for old_id, (app_label, model) in types.items():
        ct, _ = ContentType.objects.db_manager(using).get_or_create(
            app_label=app_label, model=model
        )
        mapping[old_id] = ct.pk
    return mapping


def _findings_recompute(using: str) -> None:
    """Store the QA findings and length ratios of links loaded from a dump made before links
    carried them."""
    from apps.alignment.models import Level
    from apps.alignment.services import link_findings_update
    from apps.corpus.models import Resolution

    for resolution in Resolution.objects.using(using).order_by("pk"):
        for level in Level:
            link_findings_update(resolution=resolution, level=level, using=using)


def corpus_load(
    *,
    lines: Iterator[str],
    using: str = "default",
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Load a tawazi-corpus/1 dump into database `using`, all or nothing; return row counts.

    Refuses when the corpus tables are not empty unless replace=True, which empties them first.
    """
    try:
        header = json.loads(next(lines))
    except (StopIteration, json.JSONDecodeError):
        raise DumpError("This is not a Tawazi corpus dump (no header line).") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DumpError(f"This is not a {FORMAT} dump.")
    corpus = {m._meta.label: m for m in corpus_models()}
    header["models"] = [_RENAMED.get(label, label) for label in header["models"]]
    header["counts"] = {_RENAMED.get(label, label): n for label, n in header["counts"].items()}
    unknown = [label for label in header["models"] if label not in corpus]
    if unknown:
        raise DumpError(
            f"The dump has tables this installation does not know: {', '.join(unknown)}. "
            "Upgrade Tawazi (and run migrate) before loading it."
        )
    total = sum(header["counts"].values())
    connection = connections[using]
    with transaction.atomic(using=using):
        existing = [label for label, m in corpus.items() if m._base_manager.using(using).exists()]
        if existing and not replace:
            raise DumpError(
                f"The database already holds a corpus ({', '.join(existing)}); "
                "load into an empty database, or use --replace to empty it first."
            )
        with connection.cursor() as cursor:
            for model in reversed(list(corpus.values())):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        users = _map_users(header.get("users", {}), using)
        content_types = _map_content_types(header.get("content_types", {}), using)
        loaded = dict.fromkeys(header["models"], 0)
        # Columns some row of a model left out (a dump made before they existed).
        missing: dict[str, set[str]] = {}
        batch: list[models.Model] = []
        batch_model: type[models.Model] | None = None
        done = 0

        def flush() -> None:
            nonlocal batch, done
            if batch and batch_model is not None:
                try:
                    with transaction.atomic(using=using):
                        batch_model._base_manager.using(using).bulk_create(batch, batch_size=BATCH)
                except IntegrityError as error:
                    if batch_model._meta.label in _MEMBERS:
                        raise DumpError(
                            f"The dump puts a {_MEMBERS[batch_model._meta.label]} in two links "
                            f"of its level, which no corpus may ({error})."
                        ) from None
                    raise DumpError(f"The dump breaks a rule of the database: {error}") from None
                done += len(batch)
                if progress:
                    progress(done, total)
            batch = []

        fields_of = {
            label: {f.attname: f for f in _columns(model)} for label, model in corpus.items()
        }
        external_of = {label: _external_fields(model) for label, model in corpus.items()}
        with _timestamps_as_given(list(corpus.values())):
            for number, line in enumerate(lines, start=2):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    label = _RENAMED.get(row["model"], row["model"])
                    model = corpus[label]
                    fields = fields_of[label]
                    values = {}
                    for column, value in row["fields"].items():
                        kind = external_of[label].get(column)
                        if kind == "user" and value is not None:
                            value = users[str(value)]
                        elif kind == "content_type" and value is not None:
                            value = content_types[str(value)]
                        values[column] = _decode(fields[column], value)
                    if len(values) < len(fields):
                        missing.setdefault(label, set()).update(set(fields) - set(values))
                except (KeyError, ValueError, TypeError) as error:
                    raise DumpError(f"line {number}: unreadable row ({error!r}).") from None
                if model is not batch_model or len(batch) >= BATCH:
                    flush()
                    batch_model = model
                batch.append(model(**values))
                loaded[label] += 1
            flush()
        if loaded != header["counts"]:
            raise DumpError(
                f"The dump is truncated or damaged: expected {header['counts']}, read {loaded}."
            )
        # New rows must get ids after the loaded ones (PostgreSQL sequences).
        reset = connection.ops.sequence_reset_sql(no_style(), list(corpus.values()))
        with connection.cursor() as cursor:
            for sql in reset:
                cursor.execute(sql)
        connection.check_constraints(table_names=[m._meta.db_table for m in corpus.values()])
        if {"findings", "length_ratio"} & missing.get("alignment.Link", set()):
            _findings_recompute(using)
        if "alignment.LinkReview" not in header["models"]:
            # A dump from before reviews were indexed: index its edits' reviews here.
            from apps.alignment.services import link_reviews_rebuild

            link_reviews_rebuild(using=using)
        if "sentence_link_id" in missing.get("search.SearchEntry", set()):
            # A dump from before search entries held their sentence links (search migration
            # 0013): without them a pair found on both sides would be listed twice.
            from apps.search.services import search_links_fill

            search_links_fill(using=using)
        # A paragraph's anatomy is derived from its text alone and never edited by hand: a dump
        # from an older release gets this release's (apps.corpus migration 0005 ran before it).
        from apps.corpus.services import paragraphs_reclassify
        from apps.corpus.units import paragraphs_renumber

        paragraphs_reclassify(using=using)
        # Paragraph numbers follow from the kinds (and a dump from before they were stored has none).
        paragraphs_renumber(resolution_ids=None, using=using)
        # Running servers may hold cached searches of what was there before.
        revision_bump(using=using)
    log_event(logger, "corpus.loaded", database=using, rows=total, replaced=bool(replace))
    return loaded
