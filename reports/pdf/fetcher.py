"""What WeasyPrint may read while rendering: the project's fonts, static and media files, data: URIs.

Nothing else — no http(s), no other local file — so text typed into a measure or a memo can
never make the server fetch a URL or read a file (the templates escape it anyway; this is the
second wall). An uploaded image larger than ita_portal.images allows is not drawn at all.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings

from ita_portal import images


def allowed_roots() -> list[Path]:
    from reports.pdf import fonts

    roots = [Path(settings.BASE_DIR) / "static", Path(settings.MEDIA_ROOT), fonts.font_dir(), fonts.chart_font_dir()]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _refuse_large_image(path: Path) -> None:
    # An uploaded image (a Garuda stored before uploads were scaled down) larger than the bound would
    # cost WeasyPrint seconds and a gigabyte per render: it is left out (WeasyPrint logs the error and
    # draws nothing) rather than decoded. Files Pillow cannot read are not images and pass on.
    try:
        images.header(path)
    except images.ImageTooLarge as exc:
        raise ValueError(f"{exc}: {path.name}") from exc
    except images.UnsafeImage:
        pass


def local_only_fetcher():
    """A WeasyPrint URL fetcher limited to `allowed_roots()` and data: URIs."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
            self.roots = allowed_roots()
            self.media = Path(settings.MEDIA_ROOT).resolve()

        def fetch(self, url, headers=None):
            if url.lower().startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in self.roots):
                    raise ValueError(f"ไม่อนุญาตให้อ่านไฟล์นอกโครงการ: {url}")
                if path.is_relative_to(self.media):
                    _refuse_large_image(path)
            return super().fetch(url, headers)

    return LocalOnlyFetcher()
