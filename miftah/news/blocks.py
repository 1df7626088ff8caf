"""StreamField blocks of article and page bodies (the WordPress importer maps its blocks onto these names)."""

from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

INLINE_FEATURES = ["bold", "italic", "link", "superscript", "subscript"]
PARAGRAPH_FEATURES = INLINE_FEATURES + ["ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=gettext_lazy("النص"))
    # Labels translated in miftah/locale (context "heading level"): «عنوان قسم (H2)»…; the msgids stay "H2"… so the
    # block definition, and the migrations that record it, do not change.
    level = blocks.ChoiceBlock(
        choices=[("2", pgettext_lazy("heading level", "H2")), ("3", pgettext_lazy("heading level", "H3")),
                 ("4", pgettext_lazy("heading level", "H4"))],
        default="2", label=gettext_lazy("المستوى"),
    )

    class Meta:
        icon = "title"
        label = gettext_lazy("عنوان فرعي")
        template = "news/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=gettext_lazy("الصورة"))
    caption = blocks.CharBlock(required=False, label=gettext_lazy("التعليق"))
    credit = blocks.CharBlock(required=False, label=gettext_lazy("المصدر/الحقوق"))
    alt = blocks.CharBlock(required=False, label=gettext_lazy("نص بديل"), help_text=gettext_lazy("يصف الصورة لمن لا يراها."))

    class Meta:
        icon = "image"
        label = gettext_lazy("صورة")
        template = "news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=gettext_lazy("الاقتباس"))
    attribution = blocks.CharBlock(required=False, label=gettext_lazy("القائل"))

    class Meta:
        icon = "openquote"
        label = gettext_lazy("اقتباس")
        template = "news/blocks/quote.html"


class PullQuoteBlock(blocks.TextBlock):
    class Meta:
        icon = "openquote"
        label = gettext_lazy("اقتباس بارز")
        template = "news/blocks/pull_quote.html"


class ListBlock(blocks.StructBlock):
    ordered = blocks.BooleanBlock(required=False, label=gettext_lazy("مرقّمة"))
    items = blocks.ListBlock(blocks.RichTextBlock(features=INLINE_FEATURES), label=gettext_lazy("العناصر"))

    class Meta:
        icon = "list-ul"
        label = gettext_lazy("قائمة")
        template = "news/blocks/list.html"


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(ImageBlock(), label=gettext_lazy("الصور"))

    class Meta:
        icon = "image"
        label = gettext_lazy("معرض صور")
        template = "news/blocks/gallery.html"


class MediaBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=[("video", gettext_lazy("فيديو")), ("audio", gettext_lazy("صوت"))], label=gettext_lazy("النوع"))
    url = blocks.URLBlock(label=gettext_lazy("الرابط"))

    class Meta:
        icon = "media"
        label = gettext_lazy("وسائط")
        template = "news/blocks/media.html"


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=gettext_lazy("المصدر"))
    url = blocks.URLBlock(required=False, label=gettext_lazy("الرابط"))


class SourcesBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(SourceBlock(), **kwargs)

    class Meta:
        icon = "link"
        label = gettext_lazy("المصادر")
        template = "news/blocks/sources.html"


def body_blocks():
    return [
        ("paragraph", blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=gettext_lazy("فقرة"), template="news/blocks/paragraph.html")),
        ("heading", HeadingBlock()),
        ("image", ImageBlock()),
        ("quote", QuoteBlock()),
        ("pull_quote", PullQuoteBlock()),
        ("list", ListBlock()),
        ("table", TableBlock(label=gettext_lazy("جدول"))),
        ("embed", EmbedBlock(label=gettext_lazy("تضمين"), template="news/blocks/embed.html")),
        ("gallery", GalleryBlock()),
        ("media", MediaBlock()),
        ("sources", SourcesBlock()),
    ]
