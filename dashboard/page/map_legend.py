"""The map's legend: route legs by status (the styles the route layer draws them with) and
places by kind, folded under a summary.
"""
from __future__ import annotations

import html

from branca.element import MacroElement
from jinja2 import Template

from dashboard.page.labels import text
from dashboard.places.kinds import KindTable
from dashboard.places.kinds import table as bundled_kinds

# Leg styles by status: rumoured solid red, possible dashed orange, reported dotted blue,
# confirmed solid green; a "record" route (what happened) is drawn thicker.
STATUS_STYLES = {
    "rumoured": {"color": "#d62728", "dash_array": None},
    "possible": {"color": "#ff7f0e", "dash_array": "10 8"},
    "reported": {"color": "#1f77b4", "dash_array": "2 6"},
    "confirmed": {"color": "#2ca02c", "dash_array": None},
}


LEGEND_OPEN_FROM_PX = 1600  # page width from which the legend starts unfolded (1920×1080 yes, 1280×720 no)


class Legend(MacroElement):
    """A legend of leg statuses and marker kinds, drawn by Leaflet as a control at the bottom
    left (the first view is framed on the story's places, which sit to the east and north of
    it: at the bottom right it hid the Vladivostok group); the reader can fold it.  The kinds
    are the place-kinds table's (`KindTable.legend`): those in `used` (None: all), one line
    per colour."""
    _template = Template("""
        {% macro script(this, kwargs) %}
        var legend = L.control({position: 'bottomleft'});
        legend.onAdd = function () {
            var div = L.DomUtil.create('div', 'ncm-legend');
            div.innerHTML = {{ this.html|tojson }};
            // Folded on a laptop: unfolded it covers the map's lower left corner. The page's
            // width, not the map's frame's (the map is in an iframe of the page).
            var width = window.innerWidth;
            try { width = window.top.innerWidth; } catch (e) {}
            if (width < {{ this.open_from_px }}) { div.querySelector('details').removeAttribute('open'); }
            return div;
        };
        legend.addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, lang: str = "en", kinds: KindTable | None = None, used=None):
        super().__init__()
        self._name = "Legend"
        self.open_from_px = LEGEND_OPEN_FROM_PX
        lines = [f'<span class="ncm-swatch" style="border-top:4px {_line_kind(s["dash_array"])} {s["color"]}"></span>'
                 f'{text(lang, "status_" + status)}' for status, s in STATUS_STYLES.items()]
        legend = (kinds or bundled_kinds()).legend(lang, used)
        dots = [f'<span class="ncm-dot" style="background:{html.escape(colour)}"></span>{html.escape(label)}'
                for colour, label in legend]
        sample = html.escape(legend[0][0]) if legend else "#7f8c8d"  # a suggested place: dashed, in its kind's colour
        dots.append(f'<span class="ncm-dot" style="background:#fff;border:2px dashed {sample};'
                    f'width:7px;height:7px"></span>{text(lang, "kind_suggested")}')
        dots.append(f'<span class="ncm-dot" style="background:#fff;outline:2px dashed #b2182b;outline-offset:1px;'
                    f'width:8px;height:8px"></span>{text(lang, "disputed_legend")}')
        self.html = (f"<details open><summary><b>{text(lang, 'legend')}</b></summary><b>{text(lang, 'journeys')}</b><br>"
                     + "<br>".join(lines) + f"<br><small>{text(lang, 'thick_record')}</small>"
                     + f"<br><b>{text(lang, 'places_word')}</b><br>" + "<br>".join(dots)
                     + f"<br><small>{text(lang, 'size_note')}</small></details>")


def _line_kind(dash_array) -> str:
    """The CSS border style that looks like a Leaflet dash array: solid, dotted or dashed."""
    if not dash_array:
        return "solid"
    return "dotted" if int(dash_array.split()[0]) <= 3 else "dashed"
