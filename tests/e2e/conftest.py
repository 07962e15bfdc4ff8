"""Fixtures for the end-to-end test of `repl-lint lsp` with a real LSP client (pytest-lsp).

Every test gets its own server, started on a temporary copy of `workspace/`, initialized with
the capabilities of a real editor (VS Code, as recorded by pytest-lsp), and shut down with
`shutdown` / `exit` at the end (it must then exit with code 0).
"""

from __future__ import annotations

import asyncio
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from support import WAIT, RecordingClient, make_client, server_binary, uri_of

WORKSPACE = pathlib.Path(__file__).resolve().parent / "workspace"


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    """A temporary copy of workspace/ (the server reads and the tests may write it)."""
    root = (tmp_path / "workspace").resolve()
    shutil.copytree(WORKSPACE, root)
    return root


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[server_binary(), "lsp"], client_factory=make_client)
)
async def client(lsp_client: RecordingClient, workspace: pathlib.Path):
    capabilities = client_capabilities("visual-studio-code")
    params = types.InitializeParams(
        capabilities=capabilities,
        root_uri=uri_of(workspace),
        workspace_folders=[types.WorkspaceFolder(uri=uri_of(workspace), name="workspace")],
    )
    lsp_client.initialize_result = await asyncio.wait_for(
        lsp_client.initialize_session(params), WAIT
    )
    yield
    server = lsp_client._server
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), WAIT)
    except TimeoutError:
        if server is not None and server.returncode is None:
            server.kill()
        pytest.fail("the server did not exit within the time limit after shutdown/exit")
    if server is not None and lsp_client.error is None:
        assert server.returncode == 0, f"exit code after shutdown/exit: {server.returncode}"

