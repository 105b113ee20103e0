"""Read-only ninjs feed for partners: published articles only, as `ninjs.article_to_ninjs` writes them.

Plain JSON (`application/json`; ninjs has no media type of its own). The list is a page of
documents with links to the neighbouring pages, newest first, like the home page.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..models import Article
from ..ninjs import article_to_ninjs

CONTENT_TYPE = "application/json; charset=utf-8"
# Partners poll; a minute of caching spares the database without holding a correction back long.
MAX_AGE = 60


def _respond(data, status=200):
    response = JsonResponse(data, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
    if status == 200:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _not_found(message):
    return _respond({"error": message}, status=404)


@require_safe
def ninjs_list(request):
    paginator = Paginator(Article.objects.published().for_ninjs(), settings.NEWSROOM_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        return _not_found("no such page")

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return _respond(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "items": [article_to_ninjs(article, base_url=settings.SITE_URL) for article in page.object_list],
        }
    )


@require_safe
def ninjs_detail(request, slug):
    article = Article.objects.published().for_ninjs().filter(slug=slug).first()
    if article is None:
        return _not_found("no published article with this slug")
    return _respond(article_to_ninjs(article, base_url=settings.SITE_URL))
