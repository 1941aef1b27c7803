"""Words of the offline-use script (docs/assets/js/sw-register.js), one table per language.

sw-register.js runs on every page of the site, before and without the calculator's Python, so it
cannot ask ``calc.web`` for its words as the calculator does. The build writes this page's table
into the page instead (overrides/main.html, ``data-stc-offline-text`` on a hidden element inside
the content, which instant navigation swaps with each page), and the script reads it from there
each time it shows something: a Portuguese page speaks Portuguese, an English page English.

Kept apart from :mod:`build_tools.i18n_strings` only to keep each module short: that module merges
these tables into its own ``STRINGS`` (so a key missing from a language is the same build error),
and :func:`offline_texts` hands the script its subset, without the ``offline_`` prefix.
"""

from __future__ import annotations

PREFIX = "offline_"

EN_OFFLINE: dict[str, str] = {
    # the "new version" notice
    "offline_update_ready": "A new version of STC Guide is ready.",
    "offline_update_reload": "Reload",
    "offline_update_later": "Later",
    "offline_update_later_label": "Later: keep reading this version",
    # the calculator page's "ready offline" line, by state
    "offline_checking": "Checking whether the calculator is saved for offline use…",
    "offline_saving": "Saving the calculator on this device for offline use…",
    "offline_ready": "Ready offline: the guide and this calculator now work on this device without a connection.",
    "offline_missing": (
        "Not ready offline yet: some of the site’s files are not saved on this device. "
        "Open this page again while online to finish."),
    "offline_failed": (
        "Offline use is not available: the browser did not install the site’s offline support. "
        "The calculator works online as usual."),
    "offline_waiting": "Offline use is being set up; this page will say when the calculator is ready offline.",
    "offline_preview": "Offline use is off in this preview (mkdocs serve).",
    "offline_unsupported": (
        "This browser cannot keep the calculator for offline use here (it needs a secure https "
        "connection and service workers). It works online as usual."),
}

PT_OFFLINE: dict[str, str] = {
    "offline_update_ready": "Uma nova versão do STC Guide está pronta.",
    "offline_update_reload": "Recarregar",
    "offline_update_later": "Depois",
    "offline_update_later_label": "Depois: continuar lendo esta versão",
    "offline_checking": "Verificando se a calculadora está guardada para uso sem conexão…",
    "offline_saving": "Guardando a calculadora neste aparelho para uso sem conexão…",
    "offline_ready": "Pronta sem conexão: o guia e esta calculadora agora funcionam neste aparelho sem internet.",
    "offline_missing": (
        "Ainda não está pronta sem conexão: alguns arquivos do site não foram guardados neste "
        "aparelho. Abra esta página de novo com internet para concluir."),
    "offline_failed": (
        "O uso sem conexão não está disponível: o navegador não instalou o suporte offline do site. "
        "A calculadora funciona normalmente com internet."),
    "offline_waiting": (
        "O uso sem conexão está sendo preparado; esta página avisará quando a calculadora estiver "
        "pronta sem conexão."),
    "offline_preview": "O uso sem conexão fica desligado nesta prévia (mkdocs serve).",
    "offline_unsupported": (
        "Este navegador não consegue guardar a calculadora para uso sem conexão aqui (é preciso "
        "uma conexão https segura e service workers). Ela funciona normalmente com internet."),
}


def offline_texts(table: dict[str, str]) -> dict[str, str]:
    """The script's words from a language's whole table (``STRINGS[lang]``), keys unprefixed."""
    return {key[len(PREFIX):]: value for key, value in table.items() if key.startswith(PREFIX)}
