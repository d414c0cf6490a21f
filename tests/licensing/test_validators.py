import pytest
from django.core.exceptions import ValidationError

from licensing.validators import org_number_is_valid, validate_org_number
from tests.factories.licensing import make_org_number


@pytest.mark.parametrize(
    "value",
    ["972418013", "914778271", "964983194", "923609016"],
)
def test_real_organisation_numbers_pass(value):
    assert org_number_is_valid(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("972418014", "org_number_checksum"),  # last digit off by one
        ("97241801", "org_number_format"),  # 8 digits
        ("9724180130", "org_number_format"),  # 10 digits
        ("97241801A", "org_number_format"),
        ("", "org_number_format"),
    ],
)
def test_bad_organisation_numbers_get_a_specific_message(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_org_number(value)
    assert exc.value.code == code


def test_check_digit_ten_is_never_valid():
    # 10000007x: weights give sum 3*1 + 2*7 = 17 -> 11 - 6 = 5 ... search one with check 10
    candidates = [f"{n:08d}" for n in range(10000000, 10000200)]
    from licensing.validators import ORG_NUMBER_WEIGHTS

    ten = [
        c
        for c in candidates
        if 11 - sum(int(d) * w for d, w in zip(c, ORG_NUMBER_WEIGHTS, strict=True)) % 11 == 10
    ]
    assert ten, "expected some 8-digit prefixes whose check digit would be 10"
    for prefix in ten:
        assert not any(org_number_is_valid(prefix + str(d)) for d in range(10))


def test_factory_org_numbers_are_valid():
    assert all(org_number_is_valid(make_org_number(n)) for n in range(200))


@pytest.mark.parametrize(
    "typed", ["972418013", "972 418 013", "972-418-013", "972.418.013", " 972\u2011418\u2011013 "]
)
def test_grouped_organisation_numbers_are_read_as_their_digits(typed):
    from licensing.validators import normalise_org_number

    assert normalise_org_number(typed) == "972418013"
