"""Admin panels of the newsroom's own: the state of an article's background work on its edit view."""

from wagtail.admin.panels import Panel


class BackgroundWorkPanel(Panel):
    """Tells editors when related articles, mentions and the search entry of this article are still being computed,
    are being retried, or have failed (see miftah.news.pipeline). Shows nothing when all is done."""

    @property
    def clean_name(self):
        return super().clean_name or "background_work"

    class BoundPanel(Panel.BoundPanel):
        template_name = "news/admin/background_work_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from .models import ArticleWork

            pk = getattr(self.instance, "pk", None)
            self.work = ArticleWork.objects.filter(article_id=pk).first() if pk else None

        def is_shown(self):
            return self.work is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["work"] = self.work
            return context
