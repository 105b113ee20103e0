"""Where an article comes from, as one value: the attribution line and the JSON-LD are both built from it.

Agency copy travels: Anadolu writes the story, ANTARA carries it (the dateline agency), a photo agency
supplies the picture. Readers and machines must see the same chain, so it is worked out once, here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Organization:
    """An agency in the chain. `page_url` is this site's list of its stories, when it has one."""

    name: str
    website: str = ""
    page_url: str = ""


@dataclass(frozen=True)
class Provenance:
    chain: tuple[Organization, ...]  # the originating agency first, then whoever carried the copy
    photo_credit: str

    @property
    def original(self):
        """The agency the story is based on, if any."""
        return self.chain[0] if self.chain else None

    def __bool__(self):
        return bool(self.chain or self.photo_credit)


def provenance(article):
    """The article's provenance from data already loaded (`for_detail()`, `for_listing()`):
    no queries."""
    chain = []
    if article.source_id:
        source = article.source
        chain.append(Organization(source.name, source.website, source.get_absolute_url()))
    agency = article.dateline_agency.strip()
    if agency and all(agency.casefold() != org.name.casefold() for org in chain):
        chain.append(Organization(agency))
    photo = article.lead_photo
    return Provenance(
        chain=tuple(chain),
        photo_credit=photo.credit.strip() if photo else "",
    )
