"""Reading a user's YAML with errors that name the file.

One loader for every YAML critmin reads (:func:`load_yaml_text`): PyYAML's safe loader,
with dates kept as the text written (so ``2025-02-31`` reaches the period check and is
refused there, instead of crashing the YAML parser) and duplicate keys refused (the second
would silently win).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """Safe loader: no timestamps (dates stay text), duplicate keys refused."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, list | dict):
            continue  # unhashable: the base constructor reports it
        if key in seen:
            msg = f"duplicate key {key!r}"
            raise yaml.constructor.ConstructorError(None, None, msg, key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                        lambda loader, node: _mapping(loader, node))


def load_yaml_text(text: str) -> Any:
    """Parse ``text`` (raises ``yaml.YAMLError``).

    >>> load_yaml_text("start: 2025-04-04\\nn: 3")
    {'start': '2025-04-04', 'n': 3}
    """
    return yaml.load(text, Loader=_Loader)


def read_yaml(path: str | os.PathLike[str], what: str, error: type[Exception]) -> Any:
    """Parsed content of ``path``; ``error`` (e.g. ScenarioError) if it is missing or not YAML.

    ``what`` names the kind of file in the message (``scenario``, ``plan``, ...).
    """
    p = Path(path)
    if not p.is_file():
        msg = f"{p}: no {what} file at this path"
        raise error(msg)
    try:
        return load_yaml_text(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        msg = f"{p}: not valid YAML: {exc}"
        raise error(msg) from None


def line_of(text: str, path: list[str | int]) -> int | None:
    """The line (1-based) of the YAML ``text`` where the field at ``path`` (``["shocks", 0,
    "materials", 1]``) is written; the nearest enclosing field that exists when the path
    goes deeper than the text; None when the text does not parse."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if hit is None:
                break
            line, node = hit[0].start_mark.line + 1, hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line
