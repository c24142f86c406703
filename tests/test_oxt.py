"""The LibreOffice extension's parts, without starting LibreOffice: the catalogue it
shares with Excel, the IDL, CalcAddIns.xcu, the package, and the UNO value conversions.
The end-to-end run in Calc is tests/test_libreoffice_addin.py."""

from __future__ import annotations

import inspect
import math
import zipfile
from xml.etree import ElementTree

import pytest

import udfs
from xlsales.calc_values import CALC_ERROR_CODES, calc_error, error_double, from_calc, to_calc
from xlsales.function_help import catalogue_problems, function_help
from xlsales.oxt import build_extension, calc_component
from xlsales.oxt.idl import idl_text, method_name, param_name

FUNCTIONS = [getattr(udfs, name) for name in udfs.__all__]
OOR = "{http://openoffice.org/2001/registry}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_every_function_has_french_and_english_help_for_exactly_its_arguments():
    assert catalogue_problems(FUNCTIONS) == []


@pytest.mark.parametrize("error", list(CALC_ERROR_CODES))
def test_an_error_survives_as_a_nan_coded_double(error):
    value = error_double(error)
    assert math.isnan(value)
    assert calc_error(value) == error.value


def test_calc_values_both_ways():
    # A column range arrives as rows of one cell; a blank as "" or None.
    assert from_calc(((1.0,), ("",), (None,))) == [[1.0], [None], [None]]
    assert to_calc([[1, None], ["a"]]) == ((1.0, ""), ("a", ""))
    assert calc_error(to_calc("#N/A")[0][0]) == "#N/A"
    assert to_calc(True) == ((1.0,),)


def test_the_component_calls_the_udf_with_its_defaults_for_arguments_left_out():
    # 450.20 € a week × 1 person × 4 weeks × 5 months (the UDF's defaults).
    assert calc_component.call("KPI_PERIOD_COST", 450.2, "semaine", 5.0, None, None) == (
        (9004.0,),)
    assert calc_component.call("KPI_CAC", ((2330.0,), ("",)), 5.0) == ((466.0,),)
    assert calc_error(calc_component.call("KPI_CAC", 2330.0, 0.0)[0][0]) == "#DIV/0!"
    # =KPI_CAC(2330): Calc allows it (every argument is optional to Calc); Err:511 as
    # Calc's own functions show for a missing argument.
    assert calc_error(calc_component.call("KPI_CAC", 2330.0, None)[0][0]) == "Err:511"


def test_idl_declares_one_method_per_udf_with_its_arguments():
    idl = idl_text(FUNCTIONS)
    for fn in FUNCTIONS:
        params = ", ".join(f"[in] any {param_name(p)}" for p in inspect.signature(fn).parameters)
        assert f" {method_name(fn.__name__)}({params});" in idl


@pytest.fixture(scope="module")
def oxt(tmp_path_factory):
    return build_extension(tmp_path_factory.mktemp("oxt") / "xlsales.oxt", paths=["/opt/x"])


@pytest.mark.libreoffice  # unoidl-write and LibreOffice's types.rdb
def test_the_extension_holds_what_its_manifest_lists(oxt):
    with zipfile.ZipFile(oxt) as archive:
        names = set(archive.namelist())
        manifest = archive.read("META-INF/manifest.xml").decode()
        assert archive.read("xlsales-path.txt") == b"/opt/x\n"
    for part in ("XKpiFunctions.rdb", "xlsales_kpi.py", "CalcAddIns.xcu"):
        assert part in names and f'manifest:full-path="{part}"' in manifest


@pytest.mark.libreoffice  # unoidl-write and LibreOffice's types.rdb
def test_the_xcu_names_and_explains_every_function_in_french_and_english(oxt):
    with zipfile.ZipFile(oxt) as archive:
        root = ElementTree.fromstring(archive.read("CalcAddIns.xcu"))
    functions = root.find(f"./node/node/node[@{OOR}name='AddInFunctions']")
    assert functions is not None
    found = {node.get(f"{OOR}name"): node for node in functions}
    assert list(found) == [method_name(fn.__name__) for fn in FUNCTIONS]
    for fn in FUNCTIONS:
        node = found[method_name(fn.__name__)]
        params = node.find(f"node[@{OOR}name='Parameters']")
        assert params is not None
        shown = {p.get(f"{OOR}name"): {v.get(XML_LANG): v.text for v in p.find(
            f"prop[@{OOR}name='DisplayName']")} for p in params}
        french = function_help(fn.__name__, "fr").args
        assert shown == {param_name(a): {"fr": french[a].name, "en": a}
                         for a in inspect.signature(fn).parameters}


@pytest.mark.libreoffice  # unoidl-write and LibreOffice's types.rdb
def test_unoidl_write_compiled_the_interface(oxt):
    with zipfile.ZipFile(oxt) as archive:
        rdb = archive.read("XKpiFunctions.rdb")
    assert rdb.startswith(b"UNOIDL") and b"XKpiFunctions" in rdb and b"KPI_CAC" in rdb


@pytest.mark.libreoffice  # unoidl-write
def test_cli_builds_an_extension_that_relies_on_libreoffices_own_python(tmp_path):
    from click.testing import CliRunner

    from xlsales.cli import cli

    out = tmp_path / "mine.oxt"
    result = CliRunner().invoke(cli, ["libreoffice", "build", "--out", str(out), "--path", ""])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    with zipfile.ZipFile(out) as archive:
        assert archive.read("xlsales-path.txt") == b""
