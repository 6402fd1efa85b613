"""branca's `MacroElement.render`, writing each macro's output into the page as text.

branca wraps a macro's output in an `Element`, which compiles it as a new Jinja template only
to render it back unchanged: 15-20 compiles on every rerun of the page's map.  `install()`
replaces the method for the process (branca has no hook for it), once; `BRANCA_MACRO_RENDER`
keeps branca's own, so that a test can render the page both ways and compare.
"""
from __future__ import annotations

from branca.element import Element, Figure, MacroElement


class _RenderedText(Element):
    """A macro's output, written into the page as Jinja renders a template without tags: the
    text itself, newlines as "\\n", one trailing newline dropped.

    >>> from jinja2 import Template
    >>> texts = ["var a = 1;\\n", "a\\r\\nb\\n\\n", "L.marker([1, 2])", ""]
    >>> [_RenderedText(t).render() for t in texts] == [Template(t).render() for t in texts]
    True
    """

    def __init__(self, text: str):
        super().__init__()
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.text = text[:-1] if text.endswith("\n") else text

    def render(self, **kwargs) -> str:
        return self.text


def render_macros_as_text(self: MacroElement, **kwargs) -> None:
    """branca's `MacroElement.render`, with each macro's output (header, html, script) added to
    the figure as text.  branca wraps it in an `Element`, which compiles it as a new Jinja
    template only to render it back unchanged: 15-20 compiles on every rerun of the page's map
    (the tile layers, the legend, the fit, the layers), ~15 ms of a click or a filter change at
    10,000 articles; folium's issue #807 found the same compiles behind slow markers.  The page
    is the same (tests/test_mapview.py renders it both ways); an output that contains Jinja's
    delimiters is now written as it is rather than evaluated a second time."""
    figure = self.get_root()
    assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
    macros = self._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            getattr(figure, part).add_child(_RenderedText(macro(self, kwargs)), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


BRANCA_MACRO_RENDER = MacroElement.render  # branca's own, kept for the test that compares them


def install() -> None:
    """Render every macro of the process with `render_macros_as_text` (branca has no hook for a
    figure's own renderer); calling it again changes nothing."""
    MacroElement.render = render_macros_as_text
