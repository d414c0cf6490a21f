"""What goes wrong in a register file: a problem at a JSON path."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One error in the file. ``path`` is a JSON path such as ``licences[3].valid_to``;
    ``"$"`` stands for the whole file."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class RegisterInvalid(Exception):
    """The file has errors; nothing was written. ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} error(s) in the register file")
        self.problems = problems


def item_path(section: str, index: int, field: str | None = None) -> str:
    """``licences[3]`` or ``licences[3].valid_to``."""
    path = f"{section}[{index}]"
    return f"{path}.{field}" if field else path
