"""Small server-rendered SVG charts: no script, readable in print and without colour.

Every bar and point carries its value as text; the week still in progress is hatched
(bars) or hollow (points), not just lighter; each chart is an image with a name
(`role="img"`, `aria-label`) and the page shows the same numbers in a table. Styling
comes from classes in app.css (the CSP forbids inline styles).
"""
from babel.numbers import format_compact_decimal
from flask_babel import get_locale
from markupsafe import Markup, escape

from ..clock import today
from ..i18n import gettext as _

WIDTH, HEIGHT = 480, 180
LEFT, RIGHT, TOP, BOTTOM = 34, 4, 18, 150  # the plot area


def short_number(value):
    return format_compact_decimal(value, locale=str(get_locale()), fraction_digits=1)


def percent(value):
    return f"{round(value * 100)}%"


def _week_label(week):
    return week["start"].strftime("%d-%m")


def _frame(key, label, body):
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" id="chart-{key}">'
        f'<defs><pattern id="{key}-h" width="5" height="5" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><path class="hatch" d="M0 0V5"/></pattern></defs>'
        f'{body}<path class="axis" d="M{LEFT} {BOTTOM}H{WIDTH - RIGHT}"/></svg>')


def _slots(count):
    step = (WIDTH - LEFT - RIGHT) / count
    return step, [LEFT + step * index + step / 2 for index in range(count)]


def _x_labels(weeks, centres):
    return "".join(f'<text x="{x:.0f}" y="{HEIGHT - 14}">{_week_label(week)}</text>'
                   for week, x in zip(weeks, centres))


def _summary(title, weeks, values, show):
    known = [(week, value) for week, value in zip(weeks, values) if value is not None]
    if not known:
        return _("%(title)s: no data", title=title)
    (first_week, first), (last_week, last) = known[0], known[-1]
    return _("%(title)s, from %(first)s in the week of %(from)s to %(last)s in the week of "
             "%(to)s", title=title, first=show(first), last=show(last),
             **{"from": _week_label(first_week), "to": _week_label(last_week)})


def _in_progress(week):
    return week["end"] >= today()


def bar_chart(key, title, weeks, values):
    """Bars for counts per week, each labelled with its value."""
    step, centres = _slots(len(values))
    highest = max([v for v in values if v] or [1])
    width = step * 0.7
    body = [f'<text class="y" x="{LEFT - 3}" y="{TOP + 3}">{short_number(highest)}</text>',
            f'<path class="grid" d="M{LEFT} {TOP}H{WIDTH - RIGHT}"/>']
    for week, value, x in zip(weeks, values, centres):
        height = (value or 0) / highest * (BOTTOM - TOP)
        fill = f' class="bar now" fill="url(#{key}-h)"' if _in_progress(week) else ' class="bar"'
        body.append(f'<rect{fill} x="{x - width / 2:.1f}" y="{BOTTOM - height:.1f}" '
                    f'width="{width:.1f}" height="{height:.1f}"/>'
                    f'<text x="{x:.0f}" y="{BOTTOM - height - 3:.0f}">{short_number(value or 0)}</text>')
    body.append(_x_labels(weeks, centres))
    return _frame(key, _summary(title, weeks, values, short_number), "".join(body))


def line_chart(key, title, weeks, values):
    """A line for shares (0-1) per week with a marker and label at every known point;
    a week without items breaks the line."""
    _step, centres = _slots(len(values))

    def y(value):
        return BOTTOM - value * (BOTTOM - TOP)

    body = [f'<path class="grid" d="M{LEFT} {y(1):.0f}H{WIDTH - RIGHT}M{LEFT} {y(.5):.0f}'
            f'H{WIDTH - RIGHT}"/><text class="y" x="{LEFT - 3}" y="{y(1) + 3:.0f}">100%</text>'
            f'<text class="y" x="{LEFT - 3}" y="{y(.5) + 3:.0f}">50%</text>']
    run = []
    for value, x in zip(values + [None], centres + [None]):
        if value is None:
            if len(run) > 1:
                body.append(f'<polyline class="line" points="{" ".join(run)}"/>')
            run = []
        else:
            run.append(f"{x:.0f},{y(value):.0f}")
    for week, value, x in zip(weeks, values, centres):
        if value is not None:
            hollow = ' class="open"' if _in_progress(week) else ""
            body.append(f'<circle cx="{x:.0f}" cy="{y(value):.0f}" r="3"{hollow}/>'
                        f'<text x="{x:.0f}" y="{y(value) - 6:.0f}">{percent(value)}</text>')
    body.append(_x_labels(weeks, centres))
    return _frame(key, _summary(title, weeks, values, percent), "".join(body))


def trend_charts(weeks):
    """(key, title, svg) for each trend the dashboard draws."""
    specs = [("e-file-share", _("Electronic share of new files"), line_chart, "e_file_share"),
             ("e-receipt-share", _("Electronic share of new receipts"), line_chart,
              "e_receipt_share"),
             ("movements", _("Movements per week"), bar_chart, "movements"),
             ("active-users", _("Active users per week"), bar_chart, "active_users"),
             ("files-closed", _("Files closed per week"), bar_chart, "files_closed")]
    return [(key, title, draw(key, title, weeks, [week[field] for week in weeks]))
            for key, title, draw, field in specs]
