"""Reading a user's YAML with errors that name the file.

One loader for every YAML critmin reads (:func:`load_yaml_text`): PyYAML's safe loader,
with dates kept as the text written (so ``2025-02-31`` reaches the period check and is
refused there, instead of crashing the YAML parser), duplicate keys refused (the second
would silently win), and limits on size, nesting and the node count with aliases expanded
(an "alias bomb" of a dozen lines expands to billions of nodes). Files are read by
:func:`critmin.core.textio.read_text` (UTF-8 only, named when refused).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from critmin.core.limits import limits
from critmin.core.textio import read_text


class _Loader(yaml.SafeLoader):
    """Safe loader: no timestamps (dates stay text), duplicate keys refused, nesting
    limited while composing (the composer recurses once per level)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        self._depth += 1
        try:
            if self._depth > limits().yaml_depth:
                mark = self.peek_event().start_mark
                msg = f"nested more than {limits().yaml_depth} levels deep"
                raise yaml.composer.ComposerError(None, None, msg, mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes in ``node`` with every alias expanded (computed once per distinct node)."""
    key = id(node)
    if key not in memo:
        memo[key] = 1  # a recursive alias counts once (the constructor then refuses it)
        if isinstance(node, yaml.SequenceNode):
            memo[key] += sum(_expanded_size(n, memo) for n in node.value)
        elif isinstance(node, yaml.MappingNode):
            memo[key] += sum(_expanded_size(k, memo) + _expanded_size(v, memo)
                             for k, v in node.value)
    return memo[key]


def load_yaml_text(text: str) -> Any:
    """Parse ``text`` (raises ``yaml.YAMLError``, also for a text over the limits).

    >>> load_yaml_text("start: 2025-04-04\\nn: 3")
    {'start': '2025-04-04', 'n': 3}
    """
    lim = limits()
    if len(text) > lim.yaml_bytes:
        msg = f"{len(text):,} characters; a YAML text may have at most {lim.yaml_bytes:,}"
        raise yaml.YAMLError(msg)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, {})
        if size > lim.yaml_nodes:
            msg = (f"{size:,} values once its aliases (*name) are expanded; at most "
                   f"{lim.yaml_nodes:,} are allowed")
            raise yaml.YAMLError(msg)
        return loader.construct_document(node)
    except RecursionError:
        msg = "nested too deeply"
        raise yaml.YAMLError(msg) from None
    finally:
        loader.dispose()


def read_yaml(path: str | os.PathLike[str], what: str, error: type[Exception]) -> Any:
    """Parsed content of ``path``; ``error`` (e.g. ScenarioError) if it is missing or not YAML.

    ``what`` names the kind of file in the message (``scenario``, ``plan``, ...).
    """
    p = Path(path)
    text = read_text(p, what, error, max_bytes=limits().yaml_bytes)
    try:
        return load_yaml_text(text)
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
