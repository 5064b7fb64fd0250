"""The guide's sections as lists: which list a question names, which entry inside a named
section it wants, and the conversation's country within a section.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.answer import Context
from bot.engine.query import Query
from corpus.passages import Passage, PassageKind
from corpus.store import Corpus
from retrieval.index import Hit, Index
from retrieval.tokenize import Tokenizer, cased_words

SEARCH_DEPTH = 10
# A score this close to the best entry's makes another entry as good an answer.
ALIKE = 0.6
# A paragraph longer than this is a section's body, not its one-line introduction.
INTRODUCTION = 400


class Sections:
    """Lists and their entries, over one guide's index."""

    def __init__(self, corpus: Corpus, index: Index, tokenizer: Tokenizer,
                 title_terms: dict[str, frozenset[str]]) -> None:
        self.corpus, self.index, self.by_id = corpus, index, corpus.by_id
        self.title_terms = title_terms
        self.salary_countries = frozenset(r.country for r in corpus.salaries)
        self.lists = [p for p in corpus.passages if p.kind == PassageKind.LIST]
        # Each entry's list (the first that holds it).
        self.parent = {i: p for p in reversed(self.lists) for i in p.items}
        # Computed once: the lists beside each entry, which "names_a_sibling" asks about.
        self.beside = {p.id: self._lists_beside(p.id) for p in corpus.passages
                       if p.kind == PassageKind.ITEM}
        # Words of the guide's section names: they say where to look, not what to find.
        self.section_terms = frozenset(t for p in corpus.passages if p.kind == PassageKind.LIST
                                       for t in tokenizer.tokens(p.section))
        # What a list is about: its title and section path, not its entries.
        self.cover = {p.id: set(tokenizer.tokens(f"{p.title or ''} {' '.join(p.path)}"))
                      for p in corpus.passages if p.kind == PassageKind.LIST}
        # A list of lists also covers its sub-lists' names: "degree, certs and courses -
        # which do I need" is Education and Training, whose sub-lists are Certifications…
        for p in corpus.passages:
            if p.kind == PassageKind.LIST:
                for child in p.items:
                    if child in self.cover:
                        self.cover[p.id] |= set(tokenizer.tokens(self.by_id[child].title or ""))
        # A title word no other entry's title has names that entry: "coursera", "azure".
        # Only names count: title words the guide never writes in lower case ("Coursera",
        # "Azure", "Google"), not "Chief" or "Deployment".
        lower = {t for p in corpus.passages for w in cased_words(p.text) if w[:1].islower()
                 for t in tokenizer.terms_of(w)}
        owners: dict[str, set[str]] = {}
        for p in corpus.passages:
            if p.kind in (PassageKind.ITEM, PassageKind.PROFILE) and p.title:
                for word in cased_words(p.title):
                    if word[:1].isupper():
                        for term in tokenizer.tokens(word):
                            if term not in lower:
                                owners.setdefault(term, set()).add(p.id)
        self.naming = {t: next(iter(ids)) for t, ids in owners.items()
                       if len(ids) == 1 and t not in self.section_terms}
        # A list's entries, and the paragraphs its section says besides them ("keep in mind
        # the job market is dynamic" is the job outlook's too).
        self.inside = {p.id: frozenset(self.all_items(p)) | frozenset(
                           q.id for q in corpus.passages if q.kind == PassageKind.PARAGRAPH
                           and q.path[:len(p.path)] == p.path)
                       for p in corpus.passages if p.kind == PassageKind.LIST}
        self.texts: dict[str, str] = {}
        # Top-level sections with an entry per country (pay, jobs): what they say is about
        # a place, so a country the guide lacks gets "nothing specific" there.
        self.by_place = frozenset(p.path[0] for p in corpus.passages
                                  if p.title in self.salary_countries and p.path)

    def covering_list(self, hits: list[Hit], topic: tuple[str, ...],
                      setting: frozenset[str] = frozenset()) -> Passage | None:
        """The list whose title and section name every topic term.

        Among several, the one whose own title names the most terms, then the deepest
        ("responsibilities" is the Responsibilities list, not its parent section).
        """
        wanted = set(topic)
        # Every list, not only those among the hits: a long list can rank below its entries.
        covering = [p for p in self.lists if wanted <= self.cover[p.id]]
        if not covering:
            # A list named by its own title, the rest of the question only naming other
            # sections ("websites for study" → Websites, though "study" means Education).
            covering = [h.passage for h in hits if h.passage.kind == PassageKind.LIST
                        and self.title_terms[h.passage.id]
                        and self.title_terms[h.passage.id] <= wanted
                        and wanted - self.title_terms[h.passage.id]
                        <= self.section_terms | setting]
        if not covering:
            return None

        def rank(p: Passage) -> tuple[int, int]:
            return (len(wanted & self.title_terms[p.id]), len(p.path))
        return max(covering, key=rank)

    def scoped(self, hits: list[Hit], topic: tuple[str, ...]) -> Hit | None:
        """The best entry inside a section the question names ("book about X" → Books).

        A list whose title or section covers some topic terms scopes the search to its
        entries; the entry must also match a term the section name does not.
        """
        best: Hit | None = None
        for hit in hits:
            if hit.passage.kind != PassageKind.LIST:
                continue
            cover = self.cover[hit.passage.id] & set(topic)
            if not cover or cover == set(topic):
                continue
            inside = self.inside[hit.passage.id]
            found = self.index.search(topic, SEARCH_DEPTH, where=lambda p: p.id in inside)
            # An entry whose title names the rest of the question beats one whose text
            # merely uses its words ("who wrote hands-on machine learning").
            rest = set(topic) - cover
            found.sort(key=lambda h: -len(rest & self.title_terms[h.passage.id]))
            if not found or not set(found[0].matched) - cover:
                continue
            # It must explain at least as much of the question as the best hit overall.
            if len(set(found[0].matched) | cover) < len(set(hits[0].matched)):
                continue
            if self.names_a_sibling(found[0].passage, topic):
                continue   # "certifications on top of a degree": both sub-lists, the whole
            if best is None or found[0].score > best.score:
                best = found[0]
        return best

    def names_a_sibling(self, entry: Passage, topic: tuple[str, ...]) -> bool:
        """True when the question also names a list beside the entry ("certifications on
        top of a degree": Certifications, beside the degree in Education and Training): it
        is about more than the one entry."""
        beside = self.beside.get(entry.id, frozenset())
        return not beside.isdisjoint(set(topic) - self.title_terms[entry.id])

    def _lists_beside(self, entry: str) -> frozenset[str]:
        """The title terms of the lists beside an entry: in its list, or in that list's."""
        holders = [p for p in self.lists if entry in p.items]
        holders += [p for p in self.lists if any(h.id in p.items for h in holders)]
        return frozenset().union(*(self.title_terms[i] for h in holders for i in h.items
                                   if i != entry and i in self.title_terms
                                   and self.by_id[i].kind == PassageKind.LIST
                                   and entry not in self.by_id[i].items))

    def same_country(self, top: Hit, query: Query, context: Context) -> Hit:
        """A country's entry for the country the talk is about: "what industries?" after
        an answer about Canada's jobs stays in Canada, not in whichever country matched."""
        country = top.passage.title
        if query.places or not context.countries or country not in self.salary_countries \
                or country in context.countries:
            return top
        section = top.passage.section
        wanted = {p.id for p in self.corpus.passages
                  if p.title in context.countries and p.section.split(" › ")[0]
                  == section.split(" › ")[0]}
        found = self.index.search(top.matched, 1, where=lambda p: p.id in wanted)
        if found:
            return found[0]
        # The country's own entry, even if it lacks the word: better than another country's.
        own = next((p for p in self.corpus.passages if p.id in wanted), None)
        return Hit(passage=own, score=0.0, matched=()) if own is not None else top

    def region_list(self, listed: Passage, regions: tuple[str, ...]) -> Passage:
        """The sub-list of a region the question names inside a covering list's section
        ("jobs in asia pacific" → Job Outlook › Asia-Pacific), else the list itself."""
        for passage in self.corpus.passages:
            if (passage.kind == PassageKind.LIST and passage.title in regions
                    and passage.path[:len(listed.path)] == listed.path):
                return passage
        return listed

    def region_entries(self, listed: Passage, regions: tuple[str, ...]) -> list[Passage]:
        """The entries of a list's section filed under a region the question names."""
        depth = len(listed.path)
        return [p for p in self.corpus.passages
                if p.kind == PassageKind.ITEM and p.path[:depth] == listed.path
                and not set(p.path[depth:]).isdisjoint(regions)]

    def entries_of(self, best: Passage, countries: tuple[str, ...]) -> list[Passage]:
        """Each country's own entry in the best passage's top-level section, when that
        section has entries by country and the best one is not already among them."""
        if not countries or best.title in countries and len(countries) == 1:
            return []   # (with several named, each one's: "toronto vs sydney")
        return [p for c in countries for p in self.corpus.passages
                if p.title == c and p.kind == PassageKind.ITEM and p.path[0] == best.path[0]]

    def place_bound(self, passage_ids: Sequence[str]) -> bool:
        """True when any of the passages sits in a section told country by country."""
        return any(self.by_id[i].path[:1] and self.by_id[i].path[0] in self.by_place
                   for i in passage_ids if i in self.by_id)

    def whole_list(self, section: str) -> Passage | None:
        """The list of a whole top-level section ("Job Outlook and Demand"), whichever
        sub-section the talk is in."""
        top = section.split(" › ")[0]
        return next((p for p in self.corpus.passages
                     if p.kind == PassageKind.LIST and p.path == (top,)), None)

    def text_of(self, listed: Passage) -> str:
        """A list's whole text: its title and every entry's title and description."""
        text = self.texts.get(listed.id)
        if text is None:   # built once per list: the same string, so its stems are cached
            members = (self.by_id[i] for i in self.all_items(listed) if i in self.by_id)
            text = self.texts[listed.id] = " ".join(
                [listed.title or "", *(f"{m.title or ''} {m.text}" for m in members)])
        return text

    @staticmethod
    def specific(hits: list[Hit], topic: tuple[str, ...], index: Index) -> Hit:
        """The best hit, unless it is a whole list matched without the question's rarest
        word and an entry has that word ("is scikit learn something employers expect?")."""
        top = hits[0]
        if top.passage.kind != PassageKind.LIST or len(topic) < 2:
            return top
        rarest = max(topic, key=index.idf)
        if rarest in top.matched:
            return top
        return next((h for h in hits if rarest in h.matched
                     and h.passage.kind in (PassageKind.ITEM, PassageKind.PROFILE)), top)

    def named_entries(self, topic: tuple[str, ...]) -> list[Passage]:
        """The entries the question names by their own title words, in its order
        ("coursera or udacity", "the aws and the google cloud cert")."""
        ids = dict.fromkeys(self.naming[t] for t in topic if t in self.naming)
        return [self.by_id[i] for i in ids]

    def named_among(self, terms: tuple[str, ...], items: Sequence[str]) -> list[Passage]:
        """The entries among `items` that these terms name by a word only their title has."""
        ids = dict.fromkeys(self.naming[t] for t in terms if t in self.naming)
        return [self.by_id[i] for i in ids if i in items]

    def list_of(self, entry: Passage) -> Passage | None:
        """The list an entry sits in, or its parent's when that list is a region of a
        section by country ("Europe" in the job outlook: the whole outlook)."""
        parent = self.parent.get(entry.id)
        if parent is None or entry.title not in self.salary_countries:
            return parent
        return self.parent.get(parent.id, parent)

    def siblings(self, passage_id: str) -> list[Passage]:
        """The other entries of the list an entry belongs to."""
        for passage in self.corpus.passages:
            if passage.kind == PassageKind.LIST and passage_id in passage.items:
                return [self.by_id[i] for i in passage.items
                        if i != passage_id and i in self.by_id]
        return []

    def list_in(self, section: str | None) -> Passage | None:
        """The list of the top-level section a conversation is in."""
        if not section:
            return None
        top = section.split(" › ")[0]
        return next((p for p in self.corpus.passages
                     if p.kind == PassageKind.LIST and p.path[0] == top), None)

    def all_items(self, passage: Passage) -> list[str]:
        """The ids of a list's entries, through any sub-lists."""
        out: list[str] = []
        for pid in passage.items:
            member = self.by_id.get(pid)
            if member is not None and member.kind == PassageKind.LIST:
                out += self.all_items(member)
            else:
                out.append(pid)
        return out

    def alike(self, top: Hit, hits: list[Hit], topic: tuple[str, ...],
              most: int = 3) -> list[Passage]:
        """Other entries of the same section that match the question as well as the best
        one does: the same topic terms, a comparable score."""
        wanted = set(top.matched) & set(topic)
        if not wanted or top.passage.kind != PassageKind.ITEM:
            return []
        same = [h.passage for h in hits[:SEARCH_DEPTH] if h.passage.id != top.passage.id
                and h.passage.kind == PassageKind.ITEM
                and h.passage.path[0] == top.passage.path[0]
                and wanted <= set(h.matched) and h.score >= ALIKE * top.score]
        return same[:most]

    def written_by_people(self) -> list[Passage]:
        """Entries whose title names one of the guide's featured people ("… by Andrew Ng")."""
        people = [p.title for p in self.corpus.passages
                  if p.kind == PassageKind.PROFILE and p.title]
        return [p for p in self.corpus.passages if p.kind == PassageKind.ITEM and p.title
                and any(name in p.title for name in people)]

    def introduction(self, listed: Passage) -> Passage | None:
        """The short paragraph that opens a list's section, before its first entry (a
        footnote after the entries is not an introduction)."""
        first = listed.items[0] if listed.items else None
        for passage in self.corpus.passages:
            if passage.id == first:
                return None
            if (passage.kind == PassageKind.PARAGRAPH and passage.path == listed.path
                    and len(passage.text) < INTRODUCTION):
                return passage
        return None
