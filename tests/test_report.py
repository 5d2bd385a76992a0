"""The text report: statements with certainty and stance inline, their handles, the index."""

import zufolge
from zufolge.serve.report import render_report

ARTICLE = (
    "Der Regionalzeitung Nordkurier zufolge sind in Rostock offenbar 40 Container "
    "verschwunden. Ein Sprecher des Hafens sagte dem Blatt, die Container seien Anfang "
    "Oktober zuletzt gesehen worden. Der Hafenbetreiber bezeichnete den Bericht als "
    "„Falschmeldung“. Diese Angaben ließen sich nicht unabhängig überprüfen.\n"
)


def _report() -> str:
    result = zufolge.analyze_text(ARTICLE, language="de", clean=False, published="2024-10-17")
    return render_report(result, width=160)


def test_statements_show_certainty_and_stance():
    report = _report()
    assert "how sure" in report
    assert "denied" in report
    assert "denies a1" in report


def test_statements_list_their_handles_and_the_index():
    report = _report()
    assert "Rostock @" in report  # a place with coordinates inside a statement
    assert "Anfang Oktober = 2024-10" in report
    assert "places: " in report
    assert "quantities: " in report


def test_author_statements_only_when_hedged():
    result = zufolge.analyze_text(
        "Der Hafen ist groß. Das Schiff ist offenbar gesunken.", language="de", clean=False
    )
    report = render_report(result, width=160)
    assert "offenbar gesunken" in report
    assert "Der Hafen ist groß" not in report.split("Statements")[1]
