"""Property tests: no input of any shape produces anything but a result or a clear error."""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc.findings import FindingsError, parse_findings
from calc.knowledge import load_knowledge
from calc.mineral import compute_mineral
from calc.reader import read_text
from calc.units import InputError, parse_number
from calc.web import compute, handle, parse_fragment

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=60))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=12)


@SETTINGS
@given(scalars)
def test_parse_number_returns_a_finite_float_or_input_error(value: object) -> None:
    try:
        number = parse_number("calcium", value)
    except InputError as exc:
        assert str(exc).startswith("calcium")
    else:
        assert math.isfinite(number)


@SETTINGS
@given(scalars, st.sampled_from(["mg/dL", "mmol/L", "bogus", None]), scalars, scalars, st.one_of(st.none(), st.integers(0, 120)))
def test_mineral_never_raises(calcium: object, unit: object, phosphate: object, albumin: object, age: int | None) -> None:
    result = compute_mineral(calcium=calcium, calcium_unit=unit, phosphate=phosphate, albumin=albumin, age=age)
    data = result.as_dict()
    json.dumps(data, allow_nan=False)
    if data["product_mg2_dl2"] is not None:
        assert data["product_mg2_dl2"] > 0
    for message in data["messages"]:
        assert message["level"] in ("error", "warning", "note") and message["text"]


@SETTINGS
@given(json_values)
def test_findings_parse_or_raise_findings_error(raw: object) -> None:
    kb = load_knowledge()
    try:
        parse_findings(raw, kb, strict=True)
    except FindingsError as exc:
        assert str(exc)
    _findings, notes = parse_findings(raw, kb, strict=False) if isinstance(raw, dict) else (None, [])
    assert isinstance(notes, list)


@SETTINGS
@given(st.text(max_size=400))
def test_reader_accepts_any_text(text: str) -> None:
    result = read_text(text, load_knowledge())
    json.dumps(result.findings.as_dict())


@SETTINGS
@given(st.text(max_size=300))
def test_fragments_never_raise(fragment: str) -> None:
    state, notes = parse_fragment(fragment)
    result = compute(state)
    json.dumps(result, allow_nan=False)
    assert all(isinstance(n, str) for n in notes)


@SETTINGS
@given(json_values)
def test_handle_always_answers_json(value: object) -> None:
    for request in (value, {"action": "compute", "state": value}):
        response = json.loads(handle(json.dumps(request)))
        assert "ok" in response
