"""The performance tree as nested nodes, built in memory from one list of Sasaran whose parents
were prefetched. Shared by the Renstra page, the pohon kinerja page and its PDF."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from iku_manual.models import Sasaran, Tingkat


@dataclass
class TreeNode:
    sasaran: Sasaran
    depth: int
    children: list[TreeNode] = field(default_factory=list)

    @property
    def is_orphan(self) -> bool:
        """A node that supports nothing above it; only the pemda's tujuan may stand alone."""
        return self.sasaran.tingkat != Tingkat.TUJUAN_PEMDA and not self.sasaran.parents.all()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _key(sasaran: Sasaran):
    return (Tingkat.rank(sasaran.tingkat), sasaran.opd.urutan if sasaran.opd else -1, sasaran.urutan, sasaran.kode)


def build_tree(nodes: list[Sasaran]) -> list[TreeNode]:
    """Roots are nodes with no parent among ``nodes``; a node with two parents appears under both."""
    ids = {node.pk for node in nodes}
    children_of: dict[int, list[Sasaran]] = defaultdict(list)
    roots = []
    for node in sorted(nodes, key=_key):
        parent_ids = [parent.pk for parent in node.parents.all() if parent.pk in ids]
        if not parent_ids:
            roots.append(node)
        for parent_id in parent_ids:
            children_of[parent_id].append(node)

    def make(node: Sasaran, depth: int, path: frozenset[int]) -> TreeNode:
        tree_node = TreeNode(node, depth)
        for child in children_of.get(node.pk, []):
            if child.pk not in path:  # the database allows a cycle; the drawing must not loop
                tree_node.children.append(make(child, depth + 1, path | {child.pk}))
        return tree_node

    return [make(root, 0, frozenset({root.pk})) for root in roots]
