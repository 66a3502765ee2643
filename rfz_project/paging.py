"""Long lists a page at a time: which rows a page holds, and what its pager shows.

A service counts the whole (filtered) list in SQL, asks `page_of` for the page, and loads only that page's
rows with `offset` and `size`; totals stay over the whole list. A page number beyond the end shows the last
page (with a notice), so an old link or a list that shrank never ends in an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .inputs import whole_number

PAGE_SIZE = 25
PAGE_ARG = "pagina"  # the query argument, in the user's language like the rest of the URLs
WINDOW = 2  # page numbers shown on each side of the current one, besides the first and the last


@dataclass(frozen=True)
class Paging:
    number: int  # the page shown, from 1 to `pages`
    size: int
    total: int  # rows in the whole (filtered) list
    requested: int  # the page asked for; differs from `number` when that page does not exist

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """The place in the whole list of the page's first row (counting from 1); 0 for an empty list."""
        return self.offset + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.total)

    @property
    def needed(self) -> bool:
        """Whether the list is long enough to need a pager at all."""
        return self.pages > 1

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    @property
    def beyond_the_end(self) -> bool:
        return self.requested > self.pages

    @property
    def window(self) -> list[int | None]:
        """The page numbers the pager links to: the first, the last and those around the current page;
        None where numbers are left out (shown as '…')."""
        shown = {1, self.pages, *range(self.number - WINDOW, self.number + WINDOW + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        result: list[int | None] = []
        for n in numbers:
            if result and n - (result[-1] or 0) > 1:
                result.append(None)
            result.append(n)
        return result


def page_of(requested: int | None, total: int, size: int | None = None) -> Paging:
    """The page asked for, kept in range: none (or 0) is the first page, one beyond the end the last.
    `size` defaults to PAGE_SIZE as it is at the call (tests make it small)."""
    size = size or PAGE_SIZE
    asked = requested if requested and requested > 0 else 1
    pages = max(1, math.ceil(total / size))
    return Paging(number=min(asked, pages), size=size, total=total, requested=asked)


def page_args(number: int) -> dict[str, Any]:
    """The page as query arguments for `url_for`; the first page needs none, so its address stays short."""
    return {PAGE_ARG: number} if number > 1 else {}


def filter_args(filters: Any) -> dict[str, str]:
    """A list's filters (a dataclass whose defaults mean "no filter") as query arguments, for its links and
    exports: the ones at their default left out, a True as "1"."""
    defaults = vars(type(filters)())
    return {name: ("1" if value is True else value) for name, value in vars(filters).items() if value != defaults[name]}


def requested_page(args) -> int:
    """The page number in a query string (`?pagina=3`); anything else is the first page."""
    return whole_number(args.get(PAGE_ARG, "")) or 1
