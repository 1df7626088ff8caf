"""What an import reports: counts by kind, what was created, updated, left unchanged or skipped, and every warning.

One :class:`ImportSummary` is filled by every step of a run and returned by ``import_wordpress``; the command prints
it (or its :meth:`~ImportSummary.as_dict` as JSON) and ``ImportRun`` stores it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

COUNT_KEYS = ("articles", "pages", "sections", "tags", "authors", "images", "documents", "redirects", "comments",
              "menu_items")


@dataclass
class ImportSummary:
    file: str
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    # WordPress category slug -> the existing section its posts go to, and why (see terms.Terms.import_sections).
    matched_sections: dict[str, dict[str, str]] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: self.counts.get(key, 0) for key in COUNT_KEYS}
        data.update(
            file=self.file, dry_run=self.dry_run, created=dict(self.created), updated=dict(self.updated),
            unchanged=dict(self.unchanged), skipped=dict(self.skipped),
            unknown_shortcodes=dict(self.unknown_shortcodes.most_common()), matched_sections=self.matched_sections,
            missing_files=self.missing_files, warnings=self.warnings, errors=self.errors,
            seconds=round(self.seconds, 2),
        )
        return data
