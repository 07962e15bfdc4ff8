"""End to end: `repl-lint lsp` driven by a real LSP client (pytest-lsp / pygls).

The workspace (`workspace/`, copied per test) is one Terraform module in two files:
`buckets.tf` (buckets, versioning, role and its policy; clean) and `replication.tf`, whose
replication configuration names the destination by `.id` (RL102) and has a filtered rule with
no `delete_marker_replication` (RL107). Positions are 0-based, characters in UTF-16 units.
"""

from __future__ import annotations

import asyncio
import pathlib
import subprocess

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, client_capabilities

from support import WAIT, Publish, RecordingClient, make_client, server_binary, summary, uri_of

DOCS = "https://github.com/repl-lint/repl-lint/blob/main/rules/{}.md"

# What the server publishes for replication.tf as it is on disk.
DISK_FINDINGS = ["RL107 9:2-20:3", "RL102 18:15-18:39"]

RL102_TEXT = "bucket = aws_s3_bucket.replica.id"
RL102_FIXED = "bucket = aws_s3_bucket.replica.arn"
FILTER_BLOCK = '    filter {\n      prefix = "data/"\n    }\n'
DELETE_MARKERS = '\n    delete_marker_replication {\n      status = "Disabled"\n    }\n'


def read(workspace: pathlib.Path, name: str) -> str:
    return (workspace / name).read_text()


def doc(path: pathlib.Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri_of(path))


def open_file(client: RecordingClient, path: pathlib.Path, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri_of(path), language_id="terraform", version=1, text=text
            )
        )
    )


def change_file(client: RecordingClient, path: pathlib.Path, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri_of(path), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def close_file(client: RecordingClient, path: pathlib.Path) -> None:
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(path)))


def offset(text: str, position: types.Position) -> int:
    """The string index of an LSP position (line, UTF-16 character) in `text`."""
    lines = text.split("\n")
    assert position.line <= len(lines), f"{position} is past the end of the text"
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return start + index
        units += 2 if ord(char) > 0xFFFF else 1
    assert units >= position.character, f"{position} is past the end of its line"
    return start + len(line)


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Applies non-overlapping text edits (all against the original text), last first."""
    spans = sorted(
        ((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def edits_for(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    """The edits a code action makes to `uri` (`edit.changes`, or `edit.documentChanges`)."""
    assert action.edit is not None, f"the code action has no edit: {action}"
    edits: list[types.TextEdit] = []
    if action.edit.changes:
        edits.extend(action.edit.changes.get(uri, []))
    for change in action.edit.document_changes or []:
        assert isinstance(change, types.TextDocumentEdit), f"not a text edit: {change}"
        if change.text_document.uri == uri:
            edits.extend(change.edits)
    other = set(action.edit.changes or {}) - {uri}
    assert not other, f"the fix also edits {other}"
    return edits


async def initial(client: RecordingClient, workspace: pathlib.Path) -> Publish:
    """The publish for replication.tf after the initial lint from disk."""
    return await client.next_publish(uri_of(workspace / "replication.tf"))


def by_code(publish: Publish, code: str) -> types.Diagnostic:
    found = [d for d in publish.diagnostics if d.code == code]
    assert len(found) == 1, f"{code} in {summary(publish)}"
    return found[0]


async def test_initialize_announces_full_sync_hover_and_quick_fixes(
    client: RecordingClient, workspace: pathlib.Path
):
    capabilities = client.initialize_result.capabilities
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions), sync
    assert sync.open_close is True
    assert sync.change == types.TextDocumentSyncKind.Full
    assert isinstance(sync.save, types.SaveOptions) and sync.save.include_text is False, sync.save
    assert capabilities.hover_provider is True
    actions = capabilities.code_action_provider
    assert isinstance(actions, types.CodeActionOptions), actions
    assert list(actions.code_action_kinds or []) == [types.CodeActionKind.QuickFix]
    assert client.initialize_result.server_info.name == "repl-lint"
    # The server watches the files it lints (VS Code supports dynamic registration).
    await initial(client, workspace)
    methods = [r.method for r in client.registrations]
    assert methods == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES], methods


async def test_the_workspace_is_linted_from_disk_when_initialized(
    client: RecordingClient, workspace: pathlib.Path
):
    publish = await initial(client, workspace)
    assert summary(publish) == DISK_FINDINGS
    assert publish.version is None  # not an open document
    for d in publish.diagnostics:
        assert d.source == "repl-lint"
        assert d.severity == types.DiagnosticSeverity.Error
        assert d.code_description is not None and d.code_description.href == DOCS.format(d.code)
    rl102 = by_code(publish, "RL102")
    assert "`aws_s3_bucket.replica.id` is the bucket's name, not its ARN" in rl102.message
    rl107 = by_code(publish, "RL107")
    assert "DeleteMarkerReplication" in rl107.message
    # buckets.tf has no findings: nothing, or an empty list.
    for other in await client.no_publish(uri_of(workspace / "buckets.tf"), 0.5):
        assert other.diagnostics == [], summary(other)


async def test_opening_a_file_keeps_its_findings(
    client: RecordingClient, workspace: pathlib.Path
):
    replication = workspace / "replication.tf"
    await initial(client, workspace)
    open_file(client, replication, read(workspace, "replication.tf"))
    # The same text as on disk: any publish repeats the same findings, for version 1.
    for again in await client.no_publish(uri_of(replication), 0.5):
        assert summary(again) == DISK_FINDINGS
        assert again.version in (None, 1)


async def test_an_edit_that_fixes_one_defect_republishes_without_it(
    client: RecordingClient, workspace: pathlib.Path
):
    replication = workspace / "replication.tf"
    await initial(client, workspace)
    text = read(workspace, "replication.tf")
    open_file(client, replication, text)
    change_file(client, replication, 2, text.replace(FILTER_BLOCK, FILTER_BLOCK + DELETE_MARKERS))
    publish = await client.next_publish(uri_of(replication), version=2)
    # RL107 is gone; RL102 moved down by the four inserted lines.
    assert summary(publish) == ["RL102 22:15-22:39"]
    assert publish.version in (None, 2)
    # Nothing was written to disk.
    assert read(workspace, "replication.tf") == text
    # Fixing the other defect too empties the list.
    fixed = text.replace(FILTER_BLOCK, FILTER_BLOCK + DELETE_MARKERS).replace(
        RL102_TEXT, RL102_FIXED
    )
    change_file(client, replication, 3, fixed)
    publish = await client.next_publish(uri_of(replication), version=3)
    assert publish.diagnostics == []
    assert publish.version in (None, 3)


async def test_an_edit_in_one_file_is_checked_against_the_other(
    client: RecordingClient, workspace: pathlib.Path
):
    buckets = workspace / "buckets.tf"
    await initial(client, workspace)
    text = read(workspace, "buckets.tf")
    at = text.rindex('status = "Enabled"')  # the replica's versioning
    suspended = text[:at] + 'status = "Suspended"' + text[at + len('status = "Enabled"') :]
    open_file(client, buckets, text)
    change_file(client, buckets, 2, suspended)
    publish = await client.next_publish(uri_of(buckets), version=2)
    assert summary(publish) == ["RL202 31:4-31:24"]
    rl202 = publish.diagnostics[0]
    related = [r.location.uri for r in rl202.related_information or []]
    assert uri_of(workspace / "replication.tf") in related, related
    # replication.tf's own findings did not change: it is not published again.
    assert await client.no_publish(uri_of(workspace / "replication.tf"), 0.3) == []
    change_file(client, buckets, 3, text)
    publish = await client.next_publish(uri_of(buckets), version=3)
    assert publish.diagnostics == []


async def test_hover_on_a_finding_shows_the_rule_documentation(
    client: RecordingClient, workspace: pathlib.Path
):
    replication = workspace / "replication.tf"
    publish = await initial(client, workspace)
    rl102 = by_code(publish, "RL102")
    inside = types.Position(line=rl102.range.start.line, character=rl102.range.start.character + 5)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(replication), position=inside)
    )
    assert hover is not None, "no hover on RL102"
    assert isinstance(hover.contents, types.MarkupContent), hover.contents
    assert hover.contents.kind == types.MarkupKind.Markdown
    explain = subprocess.run(
        [server_binary(), "explain", "RL102"], capture_output=True, text=True, check=True
    ).stdout
    # `explain` renders for a terminal, the hover keeps the Markdown: the same title.
    heading = explain.splitlines()[0]
    assert heading == "RL102 destination-not-arn"
    assert "# " + heading in hover.contents.value
    assert "## Why it breaks replication" in hover.contents.value
    # What fits a hover: no examples, a link to the whole document.
    assert "```" not in hover.contents.value
    assert "rules/RL102.md)" in hover.contents.value
    # Outside every finding (the comment on line 0): no hover.
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(replication), position=types.Position(0, 3))
    )
    assert nothing is None


async def quick_fixes(
    client: RecordingClient, path: pathlib.Path, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(path),
            range=diagnostic.range,
            context=types.CodeActionContext(
                diagnostics=[diagnostic], only=[types.CodeActionKind.QuickFix]
            ),
        )
    )
    actions = [a for a in result or [] if isinstance(a, types.CodeAction)]
    return [
        a
        for a in actions
        if a.kind == types.CodeActionKind.QuickFix
        and any(d.code == diagnostic.code for d in a.diagnostics or [])
    ]


@pytest.mark.parametrize(
    ("code", "expect_fixed", "remaining"),
    [
        ("RL102", lambda text: text.replace(RL102_TEXT, RL102_FIXED), ["RL107"]),
        ("RL107", None, ["RL102"]),
    ],
)
async def test_a_quick_fix_removes_its_finding(
    client: RecordingClient, workspace: pathlib.Path, code, expect_fixed, remaining
):
    replication = workspace / "replication.tf"
    publish = await initial(client, workspace)
    text = read(workspace, "replication.tf")
    open_file(client, replication, text)
    fixes = await quick_fixes(client, replication, by_code(publish, code))
    assert len(fixes) == 1, fixes
    fixed = apply_edits(text, edits_for(fixes[0], uri_of(replication)))
    if expect_fixed is not None:
        assert fixed == expect_fixed(text)
    else:
        assert "delete_marker_replication {" in fixed and 'status = "Disabled"' in fixed, fixed
    change_file(client, replication, 2, fixed)
    publish = await client.next_publish(uri_of(replication), version=2)
    assert [s.split()[0] for s in summary(publish)] == remaining


async def test_closing_a_file_after_an_unsaved_fix_brings_the_finding_back(
    client: RecordingClient, workspace: pathlib.Path
):
    replication = workspace / "replication.tf"
    await initial(client, workspace)
    text = read(workspace, "replication.tf")
    open_file(client, replication, text)
    change_file(client, replication, 2, text.replace(RL102_TEXT, RL102_FIXED))
    publish = await client.next_publish(uri_of(replication), version=2)
    assert summary(publish) == ["RL107 9:2-20:3"]
    close_file(client, replication)
    publish = await client.next_publish(uri_of(replication))
    assert summary(publish) == DISK_FINDINGS
    assert publish.version is None



async def test_a_registration_answered_after_shutdown_does_not_break_the_exit(
    workspace: pathlib.Path,
):
    """An editor may answer the server's file-watcher registration late, for example when it is
    closed right after it started: the answer then follows `shutdown`. The server must still
    exit with code 0 on `exit`."""
    client = await ClientServerConfig(
        server_command=[server_binary(), "lsp"], client_factory=make_client
    ).start()
    server = client._server
    try:
        client.answer_registrations.clear()
        await asyncio.wait_for(
            client.initialize_session(
                types.InitializeParams(
                    capabilities=client_capabilities("visual-studio-code"),
                    root_uri=uri_of(workspace),
                )
            ),
            WAIT,
        )
        await asyncio.wait_for(client.registration_requested.wait(), WAIT)
        await asyncio.wait_for(client.shutdown_async(None), WAIT)
        client.answer_registrations.set()  # the answer follows the shutdown
        await asyncio.sleep(0.2)
        client.exit(None)
        code = await asyncio.wait_for(server.wait(), WAIT)
        assert code == 0, f"exit code {code} after shutdown/exit"
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()
        await client.stop()
