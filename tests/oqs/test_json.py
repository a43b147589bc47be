"""JSON form of the XmlMsg tree (`{"XmlMsg": …}`), as the terminal's web API uses it."""

from __future__ import annotations

from collections.abc import Callable

import orjson
import pytest

from onshi.oqs import errors, jsonform
from onshi.oqs.errors import ErrorCode, OqsError
from onshi.oqs.messages import ConfirmationRequest, ConfirmationResult
from onshi.oqs.xml import MAX_DOCUMENT_BYTES
from tests.oqs.documents import full_request, full_result, minimal_result


def refused(data: bytes, cls: type = ConfirmationRequest) -> OqsError:
    with pytest.raises(OqsError) as caught:
        jsonform.parse(cls, data)
    return caught.value


@pytest.mark.parametrize("make", [full_request, full_result, minimal_result],
                         ids=lambda m: m.__name__)
def test_round_trip(make: Callable[[], object]) -> None:
    document = make()
    assert jsonform.parse(type(document), jsonform.dump(document)) == document


def test_values_are_strings_under_element_names() -> None:
    tree = orjson.loads(jsonform.dump(full_result()))["XmlMsg"]
    search = tree["MessageBody"]["QualificationConfirmSearchInfo"]
    assert search["InsurerNumber"] == "  123456"
    assert search["InsuredBranchNumber"] == "01"
    entries = tree["MessageBody"]["ResultList"]["ResultOfQualificationConfirmation"]
    assert isinstance(entries, list) and len(entries) == 1
    assert entries[0]["PharmaceuticalInfoAcquisitionTime"] == "20250602235959"


def test_single_entry_object_is_accepted() -> None:
    document = orjson.loads(jsonform.dump(full_result()))
    results = document["XmlMsg"]["MessageBody"]["ResultList"]
    results["ResultOfQualificationConfirmation"] = results["ResultOfQualificationConfirmation"][0]
    assert jsonform.parse(ConfirmationResult, orjson.dumps(document)) == full_result()


@pytest.mark.parametrize("data", [b"", b"{", b"<XmlMsg/>", b"\xff\xfe"], ids=repr)
def test_non_json_is_unreadable(data: bytes) -> None:
    assert refused(data).error is errors.UNREADABLE_BODY


@pytest.mark.parametrize("data", [b"[]", b'"XmlMsg"', b'{"XmlMsg": "x"}',
                                  b'{"Message": {"MessageHeader": {}}}'], ids=repr)
def test_wrong_root(data: bytes) -> None:
    assert refused(data).error is errors.WRONG_ROOT


def test_number_instead_of_string_is_refused() -> None:
    document = orjson.loads(jsonform.dump(full_request()))
    document["XmlMsg"]["MessageBody"]["QualificationConfirmSearchInfo"]["InsuredBranchNumber"] = 1
    caught = refused(orjson.dumps(document))
    assert (caught.error, caught.detail) == (
        errors.ITEM_FORMAT, "MessageBody/QualificationConfirmSearchInfo/InsuredBranchNumber")


@pytest.mark.parametrize(("extra", "error"), [(0, None), (1, errors.TOO_LARGE)])
def test_size_limit(extra: int, error: ErrorCode | None) -> None:
    data = jsonform.dump(full_request())
    padded = data[:-1] + b" " * (MAX_DOCUMENT_BYTES - len(data) + extra) + data[-1:]
    assert len(padded) == MAX_DOCUMENT_BYTES + extra
    if error is None:
        assert jsonform.parse(ConfirmationRequest, padded) == full_request()
    else:
        assert refused(padded).error is error
