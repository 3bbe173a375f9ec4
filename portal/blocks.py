"""Content blocks shared by every page type that has a body."""

from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[
            ("h2", _("Heading 2")),
            ("h3", _("Heading 3")),
            ("h4", _("Heading 4")),
        ],
        default="h2",
        help_text=_("Keep headings in order: a heading 3 follows a heading 2."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "portal/blocks/heading_block.html"
        description = _("A section heading; it also appears in the page's outline.")
        preview_value = {"text": "Öffnungszeiten der Bürgerbüros", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "portal/blocks/captioned_image_block.html"
        description = _(
            "An image with caption; the credit and licence come from the image."
        )


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"), required=False, max_length=200
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "portal/blocks/quote_block.html"
        description = _("A quotation with its source.")
        preview_value = {
            "text": "Gemeinsam gestalten wir unsere Region.",
            "attribution": "Amtsvorsteherin",
        }


class LinkBlock(blocks.StructBlock):
    """A link to a page of this site or to another site; exactly one of them."""

    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError(
                        _("Choose a page or enter an address, not both.")
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        label = _("Link")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    link = LinkBlock(label=_("Link"))
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "portal/blocks/call_to_action_block.html"
        description = _("A highlighted box that leads visitors to the next step.")


class FaqItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(FaqItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Accordion / FAQ")
        template = "portal/blocks/accordion_block.html"
        description = _(
            "Questions and answers that open on click; works without JavaScript."
        )


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    documents = blocks.ListBlock(
        DocumentChooserBlock(), label=_("Documents"), min_num=1
    )

    class Meta:
        icon = "doc-full"
        label = _("Document list")
        template = "portal/blocks/document_list_block.html"
        description = _("Downloads with file type and size.")


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name or office"), max_length=200)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=200)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=40)
    email = blocks.EmailBlock(label=_("E-mail"), required=False)
    address = blocks.TextBlock(label=_("Address"), required=False)
    hours = blocks.TextBlock(label=_("Office hours"), required=False)

    class Meta:
        icon = "user"
        label = _("Contact card")
        template = "portal/blocks/contact_card_block.html"
        description = _("Who to contact, with phone, e-mail and office hours.")
        preview_value = {
            "name": "Bürgerbüro",
            "role": "Meldewesen",
            "phone": "03863 5550",
            "email": "buergerbuero@example.org",
        }


class ExternalMediaBlock(blocks.StructBlock):
    """Video or map from another host that loads only after the visitor clicks."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    embed_url = blocks.URLBlock(
        label=_("Embed address"),
        help_text=_(
            "The address of the player, e.g. https://www.youtube-nocookie.com/embed/…; "
            "only hosts allowed in the portal's settings can be embedded."
        ),
    )
    link_url = blocks.URLBlock(label=_("Link to the original"), required=False)
    transcript = blocks.RichTextBlock(
        label=_("Transcript or description"),
        required=False,
        features=RICH_TEXT_FEATURES,
    )

    def clean(self, value):
        from django.conf import settings

        value = super().clean(value)
        host = urlparse(value["embed_url"]).hostname or ""
        if host not in settings.PORTAL_EMBED_HOSTS:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "embed_url": ValidationError(
                        _("Embeds from %(host)s are not allowed. Allowed: %(allowed)s"),
                        params={
                            "host": host,
                            "allowed": ", ".join(settings.PORTAL_EMBED_HOSTS),
                        },
                    )
                }
            )
        return value

    class Meta:
        icon = "media"
        label = _("Video or external media")
        template = "portal/blocks/external_media_block.html"
        description = _(
            "Loads nothing from the other host until the visitor clicks (no tracking)."
        )


VIDEO_EXTENSIONS = ("mp4", "webm")
CAPTION_EXTENSIONS = ("vtt",)


class VideoBlock(blocks.StructBlock):
    """A video file from the portal's own document library, played by the
    browser's own player (no JavaScript, no other host), with captions and a
    transcript: e.g. an explanation in German Sign Language."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    video = DocumentChooserBlock(
        label=_("Video file"),
        help_text=_("An MP4 (H.264) or WebM file uploaded to the documents."),
    )
    captions = DocumentChooserBlock(
        label=_("Captions"),
        help_text=_(
            "A WebVTT file (.vtt) uploaded to the documents; its language "
            "is the document's language."
        ),
    )
    poster = ImageChooserBlock(
        label=_("Still image"),
        required=False,
        help_text=_("Shown before the video starts."),
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=RICH_TEXT_FEATURES,
        help_text=_("What the video says, as text: for everyone who cannot watch it."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for name, extensions in (
            ("video", VIDEO_EXTENSIONS),
            ("captions", CAPTION_EXTENSIONS),
        ):
            document = value[name]
            if document and document.file_extension.lower() not in extensions:
                errors[name] = ValidationError(
                    _("Choose a file of the type %(types)s."),
                    params={"types": ", ".join(e.upper() for e in extensions)},
                )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "media"
        label = _("Video from this portal")
        template = "portal/blocks/video_block.html"
        description = _(
            "A video from the documents with captions and a transcript, played "
            "from this portal (e.g. German Sign Language)."
        )


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="portal/blocks/paragraph_block.html",
        description=_("Formatted text with links and lists."),
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    accordion = AccordionBlock()
    table = TableBlock(
        label=_("Table"),
        template="portal/blocks/table_block.html",
        description=_("A data table with a header row."),
    )
    documents = DocumentListBlock()
    contact = ContactCardBlock()
    external_media = ExternalMediaBlock()
    video = VideoBlock()

    class Meta:
        label = _("Body")
