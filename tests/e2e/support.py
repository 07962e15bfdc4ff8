"""The test client for `repl-lint lsp`: pytest-lsp's client, recording every
`textDocument/publishDiagnostics` in order so that a test can wait for the next publish of one
file instead of looking only at the last one.

The server binary is `target/debug/repl-lint` unless REPL_LINT_BIN names another.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
from dataclasses import dataclass

import pytest
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent

# How long any one wait for the server may take before the test fails. Generous: CI builds in
# debug mode on 2 cores.
WAIT = 30.0


def server_binary() -> str:
    binary = os.environ.get("REPL_LINT_BIN") or str(REPO / "target" / "debug" / "repl-lint")
    if not os.path.isfile(binary):
        pytest.exit(
            f"no server binary at {binary}: run `cargo build` or set REPL_LINT_BIN", returncode=3
        )
    return binary


@dataclass
class Publish:
    uri: str
    version: int | None
    diagnostics: list[types.Diagnostic]


class RecordingClient(LanguageClient):
    """pytest-lsp's client, plus the list of every publish received and, per file, how many of
    them a test has taken."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.publishes: list[Publish] = []
        self.taken: dict[str, int] = {}
        self.registrations: list[types.Registration] = []
        self.arrived = asyncio.Event()
        # client/registerCapability is answered once this is set (a test can hold the answer).
        self.answer_registrations = asyncio.Event()
        self.answer_registrations.set()
        self.registration_requested = asyncio.Event()

    async def next_publish(
        self, uri: str, version: int | None = None, timeout: float = WAIT
    ) -> Publish:
        """The first publish for `uri` that no earlier call returned; waits for it.

        With `version` (the document version just sent), publishes made for an older version of
        the open document are passed over: the server may publish, for example, once for the
        didOpen and once for the didChange after it.
        """

        async def wait() -> Publish:
            while True:
                mine = [p for p in self.publishes if p.uri == uri]
                taken = self.taken.get(uri, 0)
                if len(mine) > taken:
                    self.taken[uri] = taken + 1
                    publish = mine[taken]
                    if version is None or publish.version is None or publish.version >= version:
                        return publish
                    continue
                self.arrived.clear()
                await self.arrived.wait()

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            seen = [(p.uri, p.version, summary(p)) for p in self.publishes]
            pytest.fail(f"no publishDiagnostics for {uri} within {timeout} s; received {seen}")

    async def no_publish(self, uri: str, seconds: float) -> list[Publish]:
        """Waits `seconds` and returns the publishes for `uri` not yet taken (to assert none)."""
        await asyncio.sleep(seconds)
        start = self.taken.get(uri, 0)
        return [p for p in self.publishes if p.uri == uri][start:]


def summary(publish: Publish) -> list[str]:
    """`RL102 18:15-18:39` per diagnostic, in the order published (0-based, UTF-16)."""
    out = []
    for d in publish.diagnostics:
        r = d.range
        out.append(
            f"{d.code} {r.start.line}:{r.start.character}-{r.end.line}:{r.end.character}"
        )
    return out


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    del features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]
    register_lsp_features(client, features)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish_diagnostics(ls: RecordingClient, params: types.PublishDiagnosticsParams):
        ls.diagnostics[params.uri] = params.diagnostics
        ls.publishes.append(Publish(params.uri, params.version, list(params.diagnostics)))
        ls.arrived.set()

    # An editor accepts the file watchers the server registers (VS Code's capabilities say it
    # supports dynamic registration of workspace/didChangeWatchedFiles).
    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    async def register_capability(ls: RecordingClient, params: types.RegistrationParams):
        ls.registrations.extend(params.registrations)
        ls.registration_requested.set()
        await ls.answer_registrations.wait()
        return None

    return client


def uri_of(path: pathlib.Path) -> str:
    return path.resolve().as_uri()
