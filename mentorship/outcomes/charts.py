"""Server-rendered SVG bar charts (matplotlib, no pyplot), light and CSP-safe.

The page's CSP forbids inline styles, so matplotlib's `style="..."` attributes are
rewritten as SVG presentation attributes, and its <style> element is dropped. The
same numbers always follow in a table: the chart is drawn from that table.
"""

import functools
import hashlib
import io
import re
import textwrap
import warnings

from markupsafe import Markup, escape

COLOURS = ("#6b2c91", "#1e6b34", "#a4161a")
# Drawn narrow with large text, and never shown wider than drawn (app.css): on a
# 375-px phone the chart shrinks to ~343 px and its 12 pt text stays above 11 px.
WIDTH_INCHES = 4.5
FONT_PT = 12
LABEL_CHAR_PT = 7.1  # average width of a 12 pt DejaVu Sans character
LABEL_CHARS = 16  # per line; long names wrap on two lines
LINE_INCHES = FONT_PT * 1.25 / 72
RC = {
    "svg.fonttype": "none",  # real <text>: small, selectable, translatable
    "svg.hashsalt": "wim-outcomes",  # stable ids: identical charts, identical bytes
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_PT,
    "text.parse_math": False,  # a "$" in an organisation's name is just a "$"
}


def table_chart(table, limit):
    """The chart of a tables.Table's `chart_columns`, or "" when nothing to draw."""
    if not table.chart_columns or not table.rows:
        return ""
    rows = table.rows[:limit]
    series = tuple(
        (
            table.columns[index + 1],
            tuple(float(cells[index].value or 0) for _label, cells in rows),
        )
        for index in table.chart_columns
    )
    if not any(value for _name, values in series for value in values):
        return ""
    categories = tuple(label for label, _cells in rows)
    return Markup(bars(str(table.caption), categories, series))


@functools.lru_cache(maxsize=128)
def bars(title, categories, series):
    """Horizontal bars: `categories` down the side, one bar per (name, values)."""
    import matplotlib
    from matplotlib.figure import Figure

    labels = [_short(c) for c in categories]
    legend = len(series) > 1
    # Laid out by hand: matplotlib's automatic layouts draw everything twice.
    lines = max(label.count("\n") + 1 for label in labels)
    per_row = max(lines * LINE_INCHES + 0.12, 0.24 * len(series))
    rows = per_row * len(categories)
    top = (0.1 + LINE_INCHES * len(series)) if legend else 0.1
    bottom = 0.1
    height = max(rows + top + bottom, 1.2)
    longest = max(len(line) for label in labels for line in label.split("\n"))
    label_inches = (longest * LABEL_CHAR_PT + 12) / 72
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing")
        figure = Figure(figsize=(WIDTH_INCHES, height))
        figure.subplots_adjust(
            left=label_inches / WIDTH_INCHES,
            right=0.97,
            top=1 - top / height,
            bottom=bottom / height,
        )
        axes = figure.add_subplot()
        _draw(axes, labels, series)
        if legend:
            figure.legend(
                frameon=False,
                loc="upper right",
                bbox_to_anchor=(0.97, 1.0),
                borderaxespad=0.1,
                handlelength=1,
            )
        buffer = io.StringIO()
        figure.savefig(
            buffer,
            format="svg",
            metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
        )
    key = repr((title, categories, series)).encode()
    return _clean(buffer.getvalue(), title, "c" + hashlib.sha1(key).hexdigest()[:6])


def _draw(axes, labels, series):
    positions = range(len(labels))
    width = 0.8 / len(series)
    for index, (name, values) in enumerate(series):
        offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
        drawn = axes.barh(
            offsets, values, height=width, label=name, color=COLOURS[index % 3]
        )
        axes.bar_label(drawn, labels=[f"{v:,.0f}" for v in values], padding=2)
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.margins(x=0.12, y=0.02)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)


def _short(label):
    """The label on at most two lines of LABEL_CHARS, cut with '…' beyond."""
    lines = textwrap.wrap(label, LABEL_CHARS, max_lines=2, placeholder="…")
    return "\n".join(lines) or label


_STYLE = re.compile(r' style="([^"]*)"')
_DECIMALS = re.compile(r"(\d+\.\d)\d+")


def _attributes(match):
    pairs = []
    for declaration in match.group(1).split(";"):
        name, _sep, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name:
            continue
        if name == "font-family":
            value = "system-ui, sans-serif"
        pairs.append(f' {name}="{value}"')
    return "".join(pairs)


def _clean(svg, title, prefix):
    """Inline-ready SVG: no prolog, no inline CSS, short numbers, a title, and ids
    of its own (several charts share one page)."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'(id="|#)([mp][0-9a-f]{8,})', rf"\1{prefix}\2", svg)
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = _STYLE.sub(_attributes, svg)
    svg = re.sub(r'<g id="[^"]*"', "<g", svg)
    svg = re.sub(r' transform="rotate\(-0 [^"]*\)"', "", svg)
    svg = _DECIMALS.sub(r"\1", svg)
    svg = re.sub(r"\s*\n\s*", " ", svg)
    svg = re.sub(r'<svg [^>]*?(viewBox="[^"]*")[^>]*>', _root(title), svg, count=1)
    return svg.strip()


def _root(title):
    label = escape(title)

    def replace(match):
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" {match.group(1)} '
            f'width="100%" role="img" aria-label="{label}"><title>{label}</title>'
        )

    return replace
