"""Free-text search over measures that understands Thai words although Thai has no spaces.

The query is split on spaces, and each Thai run is cut into words with pythainlp
(newmm, its bundled dictionary: no download). Every word must appear somewhere in
the measure (AND); each is matched as a substring, so it works the same on SQLite
and PostgreSQL without a full-text index. `ทรัพย์สินราชการ` → ทรัพย์สิน + ราชการ,
which both occur in `การใช้ทรัพย์สินของราชการ`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.db.models import Q, QuerySet

from assessments.codes import ItemCodeError, normalise_item_code
from measures.models import Measure

_THAI = re.compile(r"[\u0E00-\u0E7F]")
SEARCHED_FIELDS = ["title", "issue", "steps", "responsible_text", "monitoring", "items__name_th"]


def search_terms(query: str) -> list[str]:
    """Words to look for: item codes kept whole, Thai runs segmented, duplicates dropped."""
    terms: list[str] = []
    for part in query.split():
        try:
            terms.append(normalise_item_code(part))
            continue
        except ItemCodeError:
            pass
        terms.extend(_segment(part) if _THAI.search(part) else [part])
    return list(dict.fromkeys(t for t in terms if t.strip()))


def search_measures(queryset: QuerySet[Measure], query: str) -> QuerySet[Measure]:
    terms = search_terms(query)
    if not terms:
        return queryset
    for term in terms:
        condition = Q()
        for name in SEARCHED_FIELDS:
            condition |= Q(**{f"{name}__icontains": term})
        condition |= Q(items__code__iexact=term)
        # A subquery per term keeps the outer query free of joins that would repeat rows.
        queryset = queryset.filter(pk__in=Measure.objects.filter(condition).values("pk"))
    return queryset


@lru_cache(maxsize=1024)
def _segment(text: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize  # loads the dictionary once, on first use

    return tuple(w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if w.strip())
