"""Server-rendered SVG bar charts (matplotlib, no pyplot), light and CSP-safe.

The page's CSP forbids inline styles, so matplotlib's `style="..."` attributes are
rewritten as SVG presentation attributes, and its <style> element is dropped. The
same numbers always follow in a table: the chart is drawn from that table.
"""

import functools
import hashlib
import io
import re
import warnings

from markupsafe import Markup, escape

COLOURS = ("#6b2c91", "#1e6b34", "#a4161a")
WIDTH_INCHES = 7
LABEL_CHAR_PT = 5.3  # average width of a 9 pt DejaVu Sans character
RC = {
    "svg.fonttype": "none",  # real <text>: small, selectable, translatable
    "svg.hashsalt": "wim-outcomes",  # stable ids: identical charts, identical bytes
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
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
    rows = 0.28 * len(categories) * max(1, len(series) * 0.75)
    top, bottom = (0.35 if legend else 0.1), 0.1
    height = max(rows + top + bottom, 1.2)
    label_inches = (max(map(len, labels)) * LABEL_CHAR_PT + 12) / 72
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
                ncols=len(series),
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


def _short(label, size=34):
    return label if len(label) <= size else label[: size - 1] + "…"


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
