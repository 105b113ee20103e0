"""Articles as IPTC ninjs 3.1 documents, and back: syndication to partners (the export and the feed), and a way
to move stories between sites. It is not the site's backup (`manage.py backup`, articles/backup.py).

`article_to_ninjs` is pure given an article fetched with `Article.objects.for_ninjs()`;
`incoming_from_ninjs` is pure and returns what `importing.import_batch_safely` stores. ninjs 3.1
allows no properties of its own (`unevaluatedProperties: false`), so every part of an article is
kept in a property the schema defines:

==========================  =====================================================================
Article                     ninjs 3.1
==========================  =====================================================================
uid                         ``uri`` = ``urn:uuid:<uid>``. Stable: not the slug, not the database id,
                            so it survives edits, a renamed slug and a move to another database.
version                     ``version`` (counts every save; restored on import)
headline                    ``headlines[{role: "main"}]``
slug                        ``slugline``
language                    ``language`` (BCP 47; ISO 639-1 codes are valid BCP 47 tags)
summary (when written)      ``descriptions[{role: "summary"}]``
body                        ``bodies[{role: "main", contentType: "text/plain"}]``, paragraphs
                            separated by one blank line (read back exactly); a ``text/html``
                            body follows for partners who publish it as it is
tags                        ``subjects[{rel: "keyword", name}]``, sorted by name
section                     ``subjects[{rel: "section", name, literal: slug, uri: section page}]``
dateline place              ``located``
dateline agency (ANTARA)    ``infoSources[{role: "distributor", name}]``
source (Sumber: Anadolu)    ``infoSources[{role: "originator", name, uri: website}]``
reporter                    ``by``, and ``people[{rel: "reporter", name}]``
editor                      ``people[{rel: "editor", name}]``
status                      ``pubStatus``: published → usable, withdrawn → canceled, draft and in
                            review → withheld (read back as draft: nothing comes back published
                            that was not). Importing keeps it only for ``--status from-document``
                            (a restore); otherwise the desk's ``--status`` (default draft) wins
published_at                ``firstCreated`` (the first release to readers; absent when unset);
                            a scheduled article also ``embargoedUntil`` (read back as an embargo,
                            like an agency's ``EMBARGO:`` line)
corrections                 ``descriptions[{role: "correction" | "clarification" | "update"}]``
                            after the summary, oldest first, the value dated: "<ISO 8601 time> <text>";
                            read back as corrections (one already stored is not added twice)
updated_at / created_at     ``versionCreated`` / ``contentCreated`` (informational: a database
                            sets its own on import)
reader's page               ``renditions[{name: "web", contentType: "text/html", href}]`` when
                            published
photos                      ``associations[{type: "picture", rel: "picture", name: "photo-N"}]``
                            with ``descriptions`` roles "caption" and "alternativeText", the
                            credit as ``by``, an archive photo as genre IPTC "Archive material",
                            the file as rendition "original"
"Baca juga" links           ``associations[{type: "text", rel: "related", name: "related-N"}]``
                            with the title in ``headlines``; ``uri`` is the linked article's
                            ``uri``; rendition "web" is its page, rendition "external" the
                            external URL
==========================  =====================================================================

Reading back, related links find their article by title (as when a dump is imported), and photo
files are not fetched: the caption, credit and archive flag come back, the file is uploaded again.
Documents from other providers are read too; their ``uri`` is turned into a stable UUID (UUID 5),
so re-importing the same document updates the same article.
"""

from .reading import incoming_from_ninjs
from .writing import article_to_ninjs, article_uri

__all__ = ["article_to_ninjs", "article_uri", "incoming_from_ninjs"]
