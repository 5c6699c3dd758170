"""docs/walkthrough.md is true: its curl commands run in order against the app, and every
``# →`` line after a command (status, kept values, expected fields) holds."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

WALKTHROUGH = Path(__file__).resolve().parents[1] / "docs" / "walkthrough.md"
BLOCK = re.compile(r"```sh\n(.*?)```", re.S)
VARIABLE = re.compile(r"\$([A-Z_]+)")


@dataclass
class Command:
    line: str
    body: str | None = None
    expect: list[str] = field(default_factory=list)


def commands(text: str) -> list[Command]:
    """The curl commands of the page's ``sh`` blocks, with their heredoc bodies and expectations."""
    out: list[Command] = []
    for block in BLOCK.findall(text):
        lines = iter(block.splitlines())
        for line in lines:
            if line.startswith("curl "):
                while line.endswith("\\"):
                    line = line[:-1] + next(lines).strip()
                command = Command(line)
                if line.endswith("<<EOF"):
                    command.line = line.removesuffix("<<EOF")
                    body = []
                    for body_line in lines:
                        if body_line == "EOF":
                            break
                        body.append(body_line)
                    command.body = "\n".join(body)
                out.append(command)
            elif line.startswith("# →"):
                out[-1].expect += [part.strip() for part in line.removeprefix("# →").split(";")]
    return out


def pick(document, path: str):
    """``.a.b[0].c`` of a JSON document."""
    for key, index in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        document = document[key] if key else document[int(index)]
    return document


def request_of(command: Command, values: dict[str, str]) -> tuple[str, str, dict[str, str], str | None]:
    expand = lambda text: VARIABLE.sub(lambda m: values[m.group(1)], text)  # noqa: E731
    words = shlex.split(expand(command.line))[1:]
    method, url, headers, body = "GET", "", {}, command.body and expand(command.body)
    while words:
        word = words.pop(0)
        if word == "-X":
            method = words.pop(0)
        elif word == "-H":
            name, _, value = words.pop(0).partition(":")
            headers[name.strip()] = value.strip()
        elif word in ("-d", "--data"):
            data = words.pop(0)
            body = body if data == "@-" else data
        else:
            url = word
    return method, url, headers, body


def test_the_walkthrough_has_commands_and_checks():
    found = commands(WALKTHROUGH.read_text())
    assert len(found) >= 15 and all(c.expect and c.expect[0].isdigit() for c in found)


async def test_every_command_of_the_walkthrough_answers_as_written(client):
    values = {"BASE": ""}
    for command in commands(WALKTHROUGH.read_text()):
        method, url, headers, body = request_of(command, values)
        response = await client.request(method, url, headers=headers, content=body)
        status, *checks = command.expect
        assert response.status_code == int(status), f"{command.line}\n{response.text}"
        for check in checks:
            if "==" in check:
                path, expected = (part.strip() for part in check.split("==", 1))
                assert pick(response.json(), path) == json.loads(expected), f"{command.line}: {check}"
            else:
                name, path = check.split("=", 1)
                values[name] = str(pick(response.json(), path))
