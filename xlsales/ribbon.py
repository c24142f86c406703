"""The xlsales tab of the Excel ribbon: its buttons, its XML, and the VBA module of
their callbacks (``RibbonXlsales``), both written by ``xlsales addin build``.

Each button but one calls one function of :mod:`xlsales.excel` through xlwings'
``RunPython``, by its explicit module name (``import xlsales.excel``), never a name
derived from the add-in's file name, so renaming the ``.xlam`` breaks nothing. The
dialogs (choosing a file, a template) are Excel's own, opened by the VBA, which passes
the answer to Python as a string literal. "Importer les fonctions" runs xlwings' own
``ImportPythonUDFsToAddin``, which writes the functions' VBA into the add-in, then saves
the add-in: that step needs Excel and "Trust access to the VBA project object model".
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import text

__all__ = ["Button", "BUTTONS", "TEMPLATES", "MODULE", "ribbon_xml", "ribbon_module",
           "vba_string"]

#: The VBA module holding the callbacks (renamed from the template's RibbonMyAddin).
MODULE = "RibbonXlsales"
NAMESPACE = "http://schemas.microsoft.com/office/2006/01/customui"
#: The templates "Nouveau classeur…" offers, in the order of its numbered list.
TEMPLATES = ("dashboard", "campaign", "methods", "pac", "objectives", "pipeline")


@dataclass(frozen=True)
class Button:
    """A ribbon button: its id, group, VBA callback, label key and Office icon."""

    id: str
    group: str
    callback: str
    key: str
    image: str


BUTTONS = (
    Button("xlsalesRefresh", "dashboard", "Rafraichir", "refresh", "RefreshAll"),
    Button("xlsalesLoad", "dashboard", "ChargerExtraction", "load", "ImportTextFile"),
    Button("xlsalesSnapshot", "pipeline", "PrendrePhoto", "snapshot", "PictureInsertFromFile"),
    Button("xlsalesNew", "workbooks", "NouveauClasseur", "new", "FileNew"),
    Button("xlsalesPdf", "workbooks", "ExporterPdf", "pdf", "FileSaveAsPdfOrXps"),
    Button("xlsalesImport", "functions", "ImporterFonctions", "import", "FunctionWizard"),
)


def _attr(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def ribbon_xml(lang: str) -> bytes:
    """The ``customUI/customUI.xml`` part: one tab, its groups and buttons."""
    groups: list[str] = []
    for group in dict.fromkeys(b.group for b in BUTTONS):
        buttons = "".join(
            f'\n        <button id="{b.id}" label="{_attr(text(f"addin.button.{b.key}", lang))}"'
            f' size="large" imageMso="{b.image}" onAction="{MODULE}.{b.callback}"'
            f' screentip="{_attr(text(f"addin.button.{b.key}", lang))}"'
            f' supertip="{_attr(text(f"addin.tip.{b.key}", lang))}"/>'
            for b in BUTTONS if b.group == group)
        groups.append(f'      <group id="xlsales_{group}"'
                      f' label="{_attr(text(f"addin.group.{group}", lang))}">{buttons}\n'
                      f'      </group>')
    body = "\n".join(groups)
    return (f'<customUI xmlns="{NAMESPACE}">\n  <ribbon>\n    <tabs>\n'
            f'      <tab id="xlsalesTab" label="{_attr(text("addin.tab", lang))}">\n'
            f'{body}\n      </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n').encode()


def vba_string(value: str) -> str:
    """A VBA expression for ``value``: a string literal, with ``ChrW`` for each
    character outside ASCII (the source is stored in the project's code page, which
    Windows and Mac may read differently).

    >>> print(vba_string('Modèle "A" !'))
    "Mod" & ChrW(232) & "le ""A"" !"
    """
    parts: list[str] = []
    literal = ""
    for char in value:
        if ord(char) < 128:
            literal += '""' if char == '"' else char
            continue
        if literal:
            parts.append(f'"{literal}"')
            literal = ""
        parts.append(f"ChrW({ord(char)})")
    if literal or not parts:
        parts.append(f'"{literal}"')
    return " & ".join(parts)


_HEADER = '''Attribute VB_Name = "{module}"
' Written by `xlsales addin build` (xlsales/ribbon.py): do not edit, rebuild.
' Each button of the xlsales tab calls one function of the Python module xlsales.excel,
' named explicitly, through xlwings' RunPython.
Option Explicit

Private Function PyString(ByVal value As String) As String
    ' A Python string literal (single quotes: RunPython's command line is in double ones).
    PyString = "'" & Replace(Replace(value, "\\", "\\\\"), "'", "\\'") & "'"
End Function

Private Sub RunXlsales(ByVal pythonCall As String)
    ' RunPython needs an active workbook (it passes its name to Python).
    If ActiveWorkbook Is Nothing Then
        MsgBox {no_workbook}, vbExclamation, "xlsales"
        Exit Sub
    End If
    RunPython "import xlsales.excel; xlsales.excel." & pythonCall
End Sub

Private Function HasModule(ByVal moduleName As String) As Boolean
    Dim component As Object
    On Error Resume Next
    Set component = ThisWorkbook.VBProject.VBComponents(moduleName)
    HasModule = Not component Is Nothing
End Function
'''

_CALLBACKS = '''
Sub Rafraichir(control As IRibbonControl)
    RunXlsales "refresh()"
End Sub

Sub ChargerExtraction(control As IRibbonControl)
    Dim chosen As Variant
    chosen = Application.GetOpenFilename({extract_filter}, 1, {extract_title})
    If VarType(chosen) = vbBoolean Then Exit Sub
    RunXlsales "load_extract(" & PyString(CStr(chosen)) & ")"
End Sub

Sub PrendrePhoto(control As IRibbonControl)
    RunXlsales "take_snapshot()"
End Sub

Sub NouveauClasseur(control As IRibbonControl)
    Dim choice As Variant, chosen As Variant
    choice = Application.InputBox({new_prompt}, {new_title}, 1, Type:=1)
    If VarType(choice) = vbBoolean Then Exit Sub
    If choice < 1 Or choice > {count} Then Exit Sub
    chosen = Application.GetSaveAsFilename("", {save_filter}, 1, {save_title})
    If VarType(chosen) = vbBoolean Then Exit Sub
    If ActiveWorkbook Is Nothing Then Workbooks.Add  ' RunPython needs one open
    RunXlsales "new_workbook(" & PyString(Choose(choice, {kinds})) & ", " _
        & PyString(CStr(chosen)) & ", '{lang}')"
End Sub

Sub ExporterPdf(control As IRibbonControl)
    RunXlsales "export_pdf()"
End Sub

Sub ImporterFonctions(control As IRibbonControl)
    ' xlwings writes the functions' VBA (module xlwings_udfs) into this add-in; the
    ' add-in is then saved so that they stay, and every workbook can stay .xlsx.
    Application.StatusBar = {importing}
    ImportPythonUDFsToAddin
    Application.StatusBar = False
    If Not HasModule("xlwings_udfs") Then Exit Sub  ' xlwings has shown why
    ThisWorkbook.Save
    MsgBox {imported}, vbInformation, "xlsales"
End Sub
'''


def ribbon_module(lang: str) -> str:
    """The source of the ``RibbonXlsales`` VBA module (CRLF line ends, as VBA stores)."""
    def say(key: str) -> str:
        return vba_string(text(f"addin.{key}", lang))

    choices = "\n".join(f"{n}. {text(f'addin.templates.{kind}', lang)}"
                        for n, kind in enumerate(TEMPLATES, start=1))
    prompt = vba_string(text("addin.dialog.new_prompt", lang) + "\n" + choices)
    source = _HEADER.format(module=MODULE, no_workbook=say("dialog.no_workbook")) + \
        _CALLBACKS.format(
        extract_filter=say("dialog.extract_filter"), extract_title=say("dialog.extract_title"),
        new_prompt=prompt.replace('"\n', '" & vbLf & "').replace("\n", '" & vbLf & "'),
        new_title=say("dialog.new_title"), count=len(TEMPLATES),
        save_filter=say("dialog.save_filter"), save_title=say("dialog.save_title"),
        kinds=", ".join(f'"{kind}"' for kind in TEMPLATES), lang=lang,
        importing=say("dialog.importing"), imported=say("dialog.imported"))
    return source.replace("\r\n", "\n").replace("\n", "\r\n")
