"""The schema's DateTime answers exactly what Strawberry's own scalar answers (`isoformat()`), whichever writer
serves the value; and SQLite's UUID text read by a page is a UUID in every respect."""

from __future__ import annotations

import copy
import pickle
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.pages import TextUUID, uuid_of_text
from schema import build_schema
from schema.scalars import serialize_datetime
from settings import Settings

instants = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999_999))
zones = st.one_of(
    st.just(UTC),
    st.none(),
    st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)).map(timezone),
)


@given(instants)
def test_a_utc_instant_is_written_as_isoformat_writes_it(moment: datetime) -> None:
    instant = moment.replace(tzinfo=UTC)
    assert serialize_datetime(instant) == instant.isoformat()
    assert serialize_datetime(instant.replace(microsecond=0)) == instant.replace(microsecond=0).isoformat()


@given(instants, zones)
def test_any_datetime_is_written_as_isoformat_writes_it(moment: datetime, zone: timezone | None) -> None:
    value = moment.replace(tzinfo=zone)
    assert serialize_datetime(value) == value.isoformat()


def test_the_schema_writes_datetimes_with_it() -> None:
    scalar = build_schema(Settings())._schema.type_map["DateTime"]
    moment = datetime(2026, 12, 7, 15, 0, 0, 120_000, tzinfo=UTC)
    assert scalar.serialize(moment) == "2026-12-07T15:00:00.120000+00:00"  # type: ignore[attr-defined]
    assert scalar.description == "Date with time (isoformat)"


@given(st.uuids())
def test_uuid_text_reads_as_the_uuid_it_spells(ident: uuid.UUID) -> None:
    read = uuid_of_text(str(ident))
    assert isinstance(read, TextUUID)
    assert read == ident and ident == read and hash(read) == hash(ident)
    assert (str(read), read.hex, read.int, read.bytes, read.version) == (
        str(ident),
        ident.hex,
        ident.int,
        ident.bytes,
        ident.version,
    )
    assert not read < ident and not read > ident
    for again in (pickle.loads(pickle.dumps(read)), copy.copy(read), copy.deepcopy(read)):
        assert type(again) is uuid.UUID and again == ident


@given(st.uuids())
def test_other_spellings_go_through_the_general_parser(ident: uuid.UUID) -> None:
    for text in (str(ident).upper(), ident.hex, "{" + str(ident) + "}", ident.urn):
        read = uuid_of_text(text)
        assert type(read) is uuid.UUID and read == ident


@pytest.mark.parametrize(
    "text",
    ["zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "0123456789abcdef0123456789abcdeg", "x" * 36, "", "--------"],
)
def test_text_that_is_no_uuid_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        uuid_of_text(text)
