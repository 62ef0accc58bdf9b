"""The annual report as a PDF, generated on the server with fpdf2.

fpdf2 is pure Python (it installs from wheels: no system packages, so `make run`
works on a fresh laptop) and embeds a Unicode TrueType font: DejaVu Sans, which
matplotlib (already a dependency) ships, so French and Spanish accents render.
"""

from importlib.util import find_spec
from pathlib import Path

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

# Found without importing matplotlib (half a second at every worker's start).
_MATPLOTLIB = Path(find_spec("matplotlib").submodule_search_locations[0])
FONT = _MATPLOTLIB / "mpl-data" / "fonts" / "ttf"
NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def shown(value):
    return _("fewer than 5") if value is None else str(value)


def render(year, sections, narratives, lang):
    """PDF bytes: the title, then each section's figures, bar charts and narrative.

    `narratives` maps a section to (text, its language, fallback?)."""
    pdf = FPDF(format="A4")
    pdf.set_title(
        _("Annual report of the International WIM Alliance, %(year)d", year=year)
    )
    pdf.set_lang(lang)
    pdf.add_font("DejaVu", "", str(FONT / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(
        width,
        9,
        _("Annual report of the International WIM Alliance, %(year)d", year=year),
        **NEXT,
    )
    pdf.ln(2)
    for section in sections:
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(width, 7, str(section.title), **NEXT)
        pdf.set_font("DejaVu", "", 10)
        for label, value in section.figures:
            pdf.multi_cell(width, 5.5, f"{label}: {shown(value)}", **NEXT)
        for chart in section.charts:
            if not chart.bars:
                continue
            pdf.ln(1)
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(width, 5.5, str(chart.caption), **NEXT)
            pdf.set_font("DejaVu", "", 9)
            for bar in chart.bars:
                y = pdf.get_y()
                pdf.cell(width * 0.4, 5, str(bar.label)[:45])
                if bar.value:
                    pdf.set_fill_color(60, 90, 150)
                    pdf.rect(
                        pdf.l_margin + width * 0.4,
                        y + 1,
                        width * 0.45 * bar.value / chart.top,
                        3,
                        style="F",
                    )
                pdf.set_xy(pdf.l_margin + width * 0.87, y)
                pdf.cell(width * 0.13, 5, shown(bar.value), align="R", **NEXT)
        for caption, columns, rows in section.tables:
            pdf.ln(1)
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(width, 5.5, str(caption), **NEXT)
            pdf.set_font("DejaVu", "", 9)
            names = [str(c) for c in columns[1:]]
            for label, cells in rows:
                figures = "; ".join(
                    f"{n}: {c}" for n, c in zip(names, cells, strict=False)
                )
                pdf.multi_cell(width, 5, f"{label}: {figures}", **NEXT)
        text, _lang, fallback = narratives.get(section.key, ("", lang, False))
        if text:
            pdf.ln(1)
            pdf.set_font("DejaVu", "", 10)
            if fallback:
                pdf.multi_cell(
                    width, 5, _("Not yet available in your language."), **NEXT
                )
            for paragraph in text.split("\n"):
                if paragraph.strip():
                    pdf.multi_cell(width, 5, paragraph.strip(), **NEXT)
                    pdf.ln(1)
        pdf.ln(3)
    return bytes(pdf.output())
