"""What an editor shows for a case file in a sub-folder of cases/, asked of yaml-language-server over stdio.

Usage: python .ci/editor_check.py LETTERS_REPOSITORY SERVER_JS

The repository must hold ``cases/clients/acme.yaml`` written by ``relance new`` (so its modeline is
the one under test) and ``schema/`` written by ``relance init``. The server finds the schema from the
modeline alone (no schema settings, no schema store: nothing from the network), then:

* the file as written has no diagnostic;
* an unquoted amount is flagged on its line, as ``relance validate`` refuses it;
* an unknown key is flagged;
* completion inside an invoice offers the invoice keys not yet written.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TIMEOUT = 60.0


class Server:
    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("editor-check: yaml-language-server stopped")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message: dict[str, Any] = json.loads(self.proc.stdout.read(length))
        self._answer_server(message)
        return message

    def _answer_server(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        if "id" in message and method:  # a request from the server
            result: Any = None
            if method == "workspace/configuration":
                result = [
                    SETTINGS["yaml"] if item.get("section") == "yaml" else None for item in message["params"]["items"]
                ]
            self.send({"id": message["id"], "result": result})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            message = self.receive()
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise SystemExit(f"editor-check: {method} failed: {message['error']}")
                return message.get("result")
        raise SystemExit(f"editor-check: no answer to {method}")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def diagnostics_for(self, uri: str, version: int) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for ``uri`` after opening or changing it."""
        self.diagnostics.pop(uri, None)
        deadline = time.monotonic() + TIMEOUT
        while uri not in self.diagnostics:
            if time.monotonic() > deadline:
                raise SystemExit(f"editor-check: no diagnostics for {uri} (version {version})")
            self.receive()
        return self.diagnostics[uri]


SETTINGS = {
    "yaml": {
        "validate": True,
        "completion": True,
        "hover": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},
        "schemas": {},
        "customTags": [],
    }
}


def fail(message: str) -> None:
    print(f"editor-check: {message}", file=sys.stderr)
    raise SystemExit(1)


def main(root: Path, server_js: Path) -> None:
    case = root / "cases" / "clients" / "acme.yaml"
    text = case.read_text(encoding="utf-8")
    uri = case.resolve().as_uri()
    server = Server(["node", str(server_js), "--stdio"])
    server.request(
        "initialize",
        {
            "processId": None,
            "rootUri": root.resolve().as_uri(),
            "workspaceFolders": [{"uri": root.resolve().as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True},
                "textDocument": {"publishDiagnostics": {}, "completion": {"completionItem": {}}},
            },
        },
    )
    server.notify("initialized", {})
    server.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    server.notify(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
    )
    found = server.diagnostics_for(uri, 1)
    if found:
        fail(f"{case.name} as relance new wrote it has diagnostics: {found}")

    lines = text.splitlines(keepends=True)
    amount = next(i for i, line in enumerate(lines) if line.strip().startswith("amount:"))
    broken = lines.copy()
    broken[amount] = "    amount: 1200              # unquoted\n"
    broken.insert(amount + 1, "    colour: blue\n")
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "".join(broken)}]},
    )
    found = server.diagnostics_for(uri, 2)
    lines_flagged = sorted({d["range"]["start"]["line"] for d in found})
    if lines_flagged != [amount, amount + 1]:
        fail(
            f"expected the unquoted amount (line {amount + 1}) and the unknown key (line {amount + 2}) "
            f"flagged, got: {[(d['range']['start']['line'] + 1, d['message']) for d in found]}"
        )

    # Completion on a new, empty line inside the invoice: the keys an invoice may still have.
    completing = lines.copy()
    completing.insert(amount + 1, "    \n")
    server.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "".join(completing)}]},
    )
    result = server.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": amount + 1, "character": 4}}
    )
    items = result["items"] if isinstance(result, dict) else (result or [])
    labels = sorted(item["label"] for item in items)
    if not {"amount_excl_tax", "pdf"} <= set(labels) or "amount" in labels:
        fail(f"completion inside an invoice offered {labels}")

    server.request("shutdown", {})
    server.notify("exit", {})
    server.proc.wait(timeout=10)
    print(
        f"editor-check: {case.relative_to(root)}: modeline schema found; no diagnostic as written; "
        f"unquoted amount and unknown key flagged; invoice keys completed ({', '.join(labels)})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
