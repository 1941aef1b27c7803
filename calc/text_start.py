"""What the calculator page says while Python starts or when it cannot (issue 15).

These sentences are shown by the page's scripts (calc-client.js, calc-worker.js, calc-file.js,
calculator.js) exactly when Python is not running yet, or failed, so the scripts cannot ask
``calc.web`` for them at that moment. They live here all the same, like every word of the
calculator: the form answer carries them (``start_texts``), and the build writes that answer into
the calculator page (build_tools/calcpage.py), where the scripts read them before Python starts;
the page hands the worker its share in the "start" message. ``{name}`` marks a value the script
fills in as plain text (seconds, a file name, an error's own message). Keys are the same in every
language (tests/test_calc_pt.py).
"""

from __future__ import annotations

from collections.abc import Mapping

START_TEXTS: Mapping[str, Mapping[str, str]] = {
    "en": {
        # titles of the status box
        "no_workers_title": "This browser cannot run the calculator.",
        "cannot_start_title": "The calculator could not start.",
        "load_failed_title": "The calculator failed to load.",
        "stopped_title": "The calculator stopped working.",
        "slow_title": "The calculator is taking unusually long to start.",
        # details under the title
        "no_workers": ("It has no Web Workers, which the calculator needs. Open the page in a current "
                       "version of Chrome, Edge, Firefox or Safari."),
        "file_page": ("Browsers do not run it from a page opened as a file. Open the site through a web "
                      "server instead: the published site, or “python3 -m http.server” run in this folder."),
        "worker_refused": ("The browser refused to start its background process ({error}). Reload the "
                           "page to try again."),
        "crashed": ("Its background process crashed or could not be downloaded. Check your connection "
                    "and try again; if it keeps happening, reload the page."),
        "crashed_because": ("Its background process crashed or could not be downloaded ({error}). Check "
                            "your connection and try again; if it keeps happening, reload the page."),
        "unreadable": "A message from its background process could not be read. Try again or reload the page.",
        "slow": ("It has not become ready after {seconds} seconds. The connection may be slow, or a file "
                 "may be blocked by a proxy or filter. You can keep waiting, or try again."),
        "worker_error": "{message} Use “Try again”; if that does not help, reload the page.",
        "unknown_error": "Its background process reported an unknown error.",
        "first_answer_failed": "Its first answer failed ({error}). Use “Try again”.",
        "no_answer": "no answer",
        "answer_not_json": "the calculator’s answer was not valid JSON",
        "not_ready": "the calculator is not ready",
        # the worker (calc-worker.js), and the offline copy's stand-in for it (calc-file.js)
        "stage_settings": "Reading the calculator settings",
        "stage_runtime": "Downloading and starting Python (Pyodide {version})",
        "stage_calculator": "Loading the calculator",
        "download_http": ("The calculator could not download {name} (HTTP {status}). The site may be "
                          "incompletely published; please try again later."),
        "download_failed": "The calculator could not download {name}. Check the connection and reload the page.",
        "wasm_type": ("The server sends {name} as “{type}” instead of “application/wasm”. The calculator "
                      "works around it, but the server’s MIME types should be fixed."),
        "no_type": "no type",
        "wasm_failed": ("This browser could not start the Python runtime (WebAssembly): {error}. Closing "
                        "other tabs or updating the browser may help."),
        "pyodide_missing": ("The Python runtime could not be downloaded (pyodide.js). Check the connection "
                            "and reload the page."),
        "start_failed": "The calculator could not start: {error}",
        "calculation_failed": "The calculation failed: {error}",
        # the offline copy opened from a folder (calc-file.js)
        "file_stage_settings": "Reading the calculator’s files from the folder",
        "file_stage_runtime": "Starting Python (Pyodide {version}) on this page",
        "file_not_loaded": "The browser did not load {name} from the folder.",
        "file_data_damaged": "The calculator’s data file ({name}) is missing or damaged.",
        "file_python_failed": "Python did not start ({error}).",
        "file_failed": "The calculator could not start from this folder. {why} {how}",
        "file_how_else": ("Open the offline copy through a small local web server instead: in a terminal, "
                          "in the stc-guide folder (the one with index.html), run “python3 -m http.server”, "
                          "then open http://localhost:8000/ in the browser."),
    },
    "pt-BR": {
        "no_workers_title": "Este navegador não consegue executar a calculadora.",
        "cannot_start_title": "A calculadora não conseguiu iniciar.",
        "load_failed_title": "A calculadora não foi carregada.",
        "stopped_title": "A calculadora parou de funcionar.",
        "slow_title": "A calculadora está demorando mais que o normal para iniciar.",
        "no_workers": ("Ele não tem Web Workers, de que a calculadora precisa. Abra a página numa versão "
                       "atual do Chrome, Edge, Firefox ou Safari."),
        "file_page": ("Os navegadores não a executam numa página aberta como arquivo. Abra o site por um "
                      "servidor web: o site publicado, ou “python3 -m http.server” executado nesta pasta."),
        "worker_refused": ("O navegador recusou iniciar o processo de fundo da calculadora ({error}). "
                           "Recarregue a página para tentar de novo."),
        "crashed": ("O processo de fundo da calculadora falhou ou não pôde ser baixado. Verifique a "
                    "conexão e tente de novo; se continuar acontecendo, recarregue a página."),
        "crashed_because": ("O processo de fundo da calculadora falhou ou não pôde ser baixado ({error}). "
                            "Verifique a conexão e tente de novo; se continuar acontecendo, recarregue a página."),
        "unreadable": ("Uma mensagem do processo de fundo da calculadora não pôde ser lida. Tente de novo "
                       "ou recarregue a página."),
        "slow": ("Ela ainda não ficou pronta após {seconds} segundos. A conexão pode estar lenta, ou um "
                 "arquivo pode estar bloqueado por um proxy ou filtro. Você pode continuar esperando ou "
                 "tentar de novo."),
        "worker_error": "{message} Use “Tentar de novo”; se isso não resolver, recarregue a página.",
        "unknown_error": "O processo de fundo da calculadora informou um erro desconhecido.",
        "first_answer_failed": "A primeira resposta dela falhou ({error}). Use “Tentar de novo”.",
        "no_answer": "sem resposta",
        "answer_not_json": "a resposta da calculadora não era um JSON válido",
        "not_ready": "a calculadora ainda não está pronta",
        "stage_settings": "Lendo as configurações da calculadora",
        "stage_runtime": "Baixando e iniciando o Python (Pyodide {version})",
        "stage_calculator": "Carregando a calculadora",
        "download_http": ("A calculadora não conseguiu baixar {name} (HTTP {status}). O site pode ter sido "
                          "publicado de forma incompleta; tente de novo mais tarde."),
        "download_failed": "A calculadora não conseguiu baixar {name}. Verifique a conexão e recarregue a página.",
        "wasm_type": ("O servidor envia {name} como “{type}” em vez de “application/wasm”. A calculadora "
                      "contorna isso, mas os tipos MIME do servidor devem ser corrigidos."),
        "no_type": "sem tipo",
        "wasm_failed": ("Este navegador não conseguiu iniciar o ambiente Python (WebAssembly): {error}. "
                        "Fechar outras abas ou atualizar o navegador pode ajudar."),
        "pyodide_missing": ("O ambiente Python não pôde ser baixado (pyodide.js). Verifique a conexão e "
                            "recarregue a página."),
        "start_failed": "A calculadora não conseguiu iniciar: {error}",
        "calculation_failed": "O cálculo falhou: {error}",
        "file_stage_settings": "Lendo os arquivos da calculadora na pasta",
        "file_stage_runtime": "Iniciando o Python (Pyodide {version}) nesta página",
        "file_not_loaded": "O navegador não carregou {name} da pasta.",
        "file_data_damaged": "O arquivo de dados da calculadora ({name}) está ausente ou danificado.",
        "file_python_failed": "O Python não iniciou ({error}).",
        "file_failed": "A calculadora não conseguiu iniciar a partir desta pasta. {why} {how}",
        "file_how_else": ("Abra a cópia offline por um pequeno servidor web local: num terminal, na pasta "
                          "stc-guide (a que contém index.html), execute “python3 -m http.server” e depois "
                          "abra http://localhost:8000/ no navegador."),
    },
}
"""The calculator's start-up and failure sentences, by language (form answer ``start_texts``)."""
