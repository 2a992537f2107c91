"""The accessibility statement page, to fill in by whoever publishes the site.

The outline follows the Dutch model statement (digitoegankelijk.nl): what is
declared, how it was checked, what is known not to comply, and whom to contact.
What only the publisher knows is marked 'in te vullen'.
"""

from __future__ import annotations

import datetime as dt

from add_cli.core.model import Plan
from add_cli.present.site.page import STATEMENT, page


def _fill(what: str) -> str:
    return f'<span class="fill">[in te vullen: {what}]</span>'


def pages(plan: Plan, day: dt.date) -> dict[str, str]:
    body = (
        f"<p>{_fill('naam van de organisatie')} wil dat iedereen deze website kan gebruiken. "
        "Deze verklaring gaat over de site met de voortgang van het actieplan op "
        f"{_fill('webadres')}.</p>"
        "<h2>Status</h2>"
        "<p>De site is gemaakt om te voldoen aan de Web Content Accessibility Guidelines "
        "(WCAG) 2.1, niveau A en AA, zoals vereist in EN 301 549. "
        f"De status is: {_fill('voldoet volledig / voldoet gedeeltelijk / voldoet niet')}.</p>"
        "<h2>Hoe is de site getoetst?</h2>"
        "<p>Bij het maken wordt elke pagina automatisch getoetst met axe-core op de regels "
        "van WCAG 2.1 A en AA, in een browser zonder scherm. Een automatische toets vindt "
        "niet alles. Handmatig onderzoek: "
        f"{_fill('wie, wanneer, met welke methode, en een link naar het rapport')}.</p>"
        "<h2>Wat werkt nog niet?</h2>"
        f"<p>{_fill('bekende beperkingen, met de maatregelen en wanneer ze klaar zijn')}</p>"
        "<h2>Contact</h2>"
        "<p>Kunt u iets op deze site niet gebruiken, of ziet u een fout? Laat het ons weten: "
        f"{_fill('e-mailadres of telefoonnummer')}. We reageren binnen "
        f"{_fill('aantal')} werkdagen.</p>"
        "<h2>Over deze verklaring</h2>"
        f"<p>Opgesteld op {_fill('datum')}, laatst herzien op {_fill('datum')}. "
        f"Deze versie van de site toont de stand per {day.isoformat()}.</p>"
    )
    return {STATEMENT: page(plan, day, STATEMENT, "Toegankelijkheidsverklaring", body)}
