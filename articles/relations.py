"""Reading an instance's related rows the way a page loaded them."""


def loaded(instance, relation):
    """`getattr(instance, relation).all()`: the rows loaded with the instance (`prefetch_related`, `article_page()`)
    when there are some, read directly. The related manager that `instance.tags` builds on every read costs more
    than the rows it hands back, and the article page reads its tags, photos, renditions and links a dozen times."""
    rows = instance.__dict__.get("_prefetched_objects_cache", {}).get(relation)
    return getattr(instance, relation).all() if rows is None else rows
