"""Conversions, the Ca × P product and the Payne correction against hand-computed values."""

from __future__ import annotations

import math

import pytest

from calc import units
from calc.mineral import compute_mineral, product_band


def test_factors_follow_the_molar_masses() -> None:
    assert pytest.approx(4.008) == units.CALCIUM_MG_DL_PER_MMOL_L
    assert pytest.approx(3.097) == units.PHOSPHATE_MG_DL_PER_MMOL_L
    assert pytest.approx(0.2495, abs=5e-5) == 1 / units.CALCIUM_MG_DL_PER_MMOL_L
    assert pytest.approx(0.3229, abs=5e-5) == 1 / units.PHOSPHATE_MG_DL_PER_MMOL_L
    assert pytest.approx(12.41, abs=0.01) == units.PRODUCT_MG2_DL2_PER_MMOL2_L2
    assert pytest.approx(0.08056, abs=5e-5) == 1 / units.PRODUCT_MG2_DL2_PER_MMOL2_L2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("10.5", 10.5), ("10,5", 10.5), (" 9 ", 9.0), ("+8", 8.0), (".5", 0.5), ("0,25", 0.25), (7, 7.0)],
)
def test_parse_number_accepts_plain_decimals(text: object, expected: float) -> None:
    assert units.parse_number("calcium", text) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "1e3", "NaN", "inf", "-1", "1.2.3", "10 000", "1,000.5", "0x10", "٣", "9..6",
             "<script>", "9.6mg", float("nan"), float("inf"), True, None, [1]],
)
def test_parse_number_refuses_everything_else(text: object) -> None:
    with pytest.raises(units.InputError) as info:
        units.parse_number("calcium", text)
    assert "calcium" in str(info.value)


def test_unit_spellings() -> None:
    assert units.normalise_unit("u", "mg/dl", units.CALCIUM_UNITS) == "mg/dL"
    assert units.normalise_unit("u", "MMOL/L", units.CALCIUM_UNITS) == "mmol/L"
    with pytest.raises(units.InputError, match="mg/dL or mmol/L"):
        units.normalise_unit("u", "g/L", units.CALCIUM_UNITS)


def test_product_conventional_units() -> None:
    result = compute_mineral(calcium="10.5", phosphate="8.0")
    data = result.as_dict()
    assert data["product_mg2_dl2"] == 84.0
    assert data["product_mmol2_l2"] == pytest.approx(6.77, abs=0.005)
    assert data["band"]["id"] == "above-70"
    assert data["corrected_calcium_mg_dl"] is None


def test_product_si_units() -> None:
    data = compute_mineral(calcium="2.40", calcium_unit="mmol/L", phosphate="1.80").as_dict()
    assert data["phosphate_mg_dl"] == pytest.approx(5.57, abs=0.01)
    assert data["calcium_mg_dl"] == pytest.approx(9.62, abs=0.01)
    assert data["product_mmol2_l2"] == pytest.approx(4.32, abs=0.005)
    assert data["product_mg2_dl2"] == pytest.approx(53.6, abs=0.05)


def test_mixed_units_are_converted_before_multiplying() -> None:
    result = compute_mineral(calcium="9.1", calcium_unit="mg/dL", phosphate="2.6", phosphate_unit="mmol/L")
    assert result.as_dict()["product_mg2_dl2"] == pytest.approx(73.3, abs=0.05)
    assert any("mixed units" in m.text and m.level == "warning" and m.field == "phosphate" for m in result.messages)


def test_small_product_example() -> None:
    assert compute_mineral(calcium="9.6", phosphate="3.2").as_dict()["product_mg2_dl2"] == pytest.approx(30.7)


@pytest.mark.parametrize(
    ("ca", "alb", "unit", "expected"),
    [("8.0", "2.5", "g/dL", 9.2), ("10.0", "1.5", "g/dL", 12.0), ("10.0", "4.0", "g/dL", 10.0),
     ("9.0", "50", "g/L", 8.2)],
)
def test_payne_correction(ca: str, alb: str, unit: str, expected: float) -> None:
    result = compute_mineral(calcium=ca, phosphate="3.0", albumin=alb, albumin_unit=unit)
    assert result.corrected_calcium_mg_dl == pytest.approx(expected)


def test_payne_correction_in_si() -> None:
    result = compute_mineral(calcium="2.05", calcium_unit="mmol/L", phosphate="1.0", albumin="28",
                             albumin_unit="g/L")
    assert result.as_dict()["corrected_calcium_mmol_l"] == pytest.approx(2.29, abs=0.005)


def test_low_albumin_and_renal_failure_caveats() -> None:
    result = compute_mineral(calcium="10.0", phosphate="4.0", albumin="1.5", renal_failure=True)
    texts = " ".join(m.text for m in result.messages)
    assert "unreliable" in texts
    assert "kidney failure" in texts
    assert "ionized calcium is the reference" in texts


@pytest.mark.parametrize(
    ("product", "band"),
    [(54.9, "below-55"), (55.0, "55-60"), (59.99, "55-60"), (60.0, "60-70"), (70.0, "60-70"), (70.1, "above-70")],
)
def test_bands_boundaries(product: float, band: str) -> None:
    assert product_band(product)["id"] == band


def test_unit_mixup_calcium_is_refused_with_a_hint() -> None:
    result = compute_mineral(calcium="2.4", phosphate="4")
    assert not result.ok
    assert "mmol/L" in result.messages[0].text
    assert result.product_mg2_dl2 is None


def test_calcium_in_mg_typed_as_mmol_is_refused() -> None:
    result = compute_mineral(calcium="9.6", calcium_unit="mmol/L", phosphate="1.2")
    assert not result.ok
    assert "mg/dL" in result.messages[0].text


def test_albumin_in_g_l_typed_as_g_dl() -> None:
    result = compute_mineral(calcium="9.6", phosphate="3", albumin="35", albumin_unit="g/dL")
    assert not result.ok
    assert "g/L" in result.messages[0].text


def test_impossible_values_name_the_accepted_range() -> None:
    result = compute_mineral(calcium="45", phosphate="3")
    assert not result.ok
    assert "3–20 mg/dL, 0.75–4.99 mmol/L" in result.messages[0].text


def test_children_do_not_get_adult_bands() -> None:
    result = compute_mineral(calcium="10.0", phosphate="6.0", age=2)
    data = result.as_dict()
    assert data["product_mg2_dl2"] == 60.0
    assert data["band"]["id"] == "paediatric"
    assert "65" in data["band"]["label"]
    # read against the children's ranges (KDOQI 2005 paediatric), not ignored
    assert result.lab_states == {"calcium": "normal", "phosphate": "high", "product": "normal"}
    assert compute_mineral(calcium="9.6", phosphate="6.8", age=15).lab_states["phosphate"] == "high"
    assert compute_mineral(calcium="9.5", phosphate="7", age=10).lab_states["product"] == "raised"


def test_adult_note_without_age() -> None:
    result = compute_mineral(calcium="10.0", phosphate="4.0")
    assert any("assume an adult" in m.text for m in result.messages)


def test_lab_states_feed_the_engine() -> None:
    assert compute_mineral(calcium="11.5", phosphate="2.0").lab_states == {
        "calcium": "high", "phosphate": "low", "product": "normal"}
    assert compute_mineral(calcium="9.5", phosphate="7.5").lab_states["product"] == "raised"


def test_ionized_looking_calcium_warns() -> None:
    result = compute_mineral(calcium="4.9", phosphate="3.5")
    assert any("ionized" in m.text for m in result.messages)


def test_working_is_written_with_the_users_numbers() -> None:
    result = compute_mineral(calcium="2.40", calcium_unit="mmol/L", phosphate="1.80", albumin="3.0")
    working = "\n".join(result.working)
    assert "2.4 mmol/L × 4.008" in working
    assert "1.8 mmol/L × 3.097" in working
    assert "Payne" in working
    assert all(math.isfinite(v) for v in (result.product_mg2_dl2 or 0.0, result.corrected_calcium_mg_dl or 0.0))


def test_kidney_failure_reads_the_uncorrected_calcium_for_the_ranking() -> None:
    # 10.2 mg/dL with albumin 2.5 g/dL corrects to 11.4 (high); in kidney failure the raw value is used
    assert compute_mineral(calcium="10.2", albumin="2.5").lab_states["calcium"] == "high"
    assert compute_mineral(calcium="10.2", albumin="2.5", renal_failure=True).lab_states["calcium"] == "normal"
