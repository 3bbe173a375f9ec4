"""Question blocks editors build a questionnaire from, and the document sections.

Each question keeps its block id for ever: answers are stored by that id, and the
translation of a consultation (wagtail-localize) keeps the ids and the order of
the options, so German and English answers count together.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.blocks import RICH_TEXT_FEATURES


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.CharBlock(label=_("Hint"), required=False, max_length=300)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)
    public = blocks.BooleanBlock(
        label=_("Public"),
        required=False,
        default=True,
        help_text=_(
            "Public answers appear in the published results (charts, statements). "
            "Confidential answers are seen only by authorised staff."
        ),
    )

    class Meta:
        icon = "help"


class ShortTextQuestionBlock(QuestionBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Short text")
        description = _("One line of text, at most 200 characters.")


class LongTextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Maximum length"), default=5000, min_value=100, max_value=20000
    )

    class Meta:
        icon = "doc-full"
        label = _("Long text (statement)")
        description = _("A statement; staff evaluate and answer each one.")


class ChoiceQuestionBlock(QuestionBlock):
    options = blocks.ListBlock(
        blocks.CharBlock(max_length=200), label=_("Options"), min_num=2
    )

    class Meta:
        icon = "list-ul"


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        description = _("Exactly one of several options.")


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "tasks"
        label = _("Multiple choice")
        description = _("Any number of several options.")


class RankingQuestionBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "order"
        label = _("Ranking")
        description = _("Put the options in order of priority.")


class ScaleQuestionBlock(QuestionBlock):
    steps = blocks.IntegerBlock(label=_("Steps"), default=5, min_value=3, max_value=10)
    min_label = blocks.CharBlock(
        label=_("Label of the lowest value"), required=False, max_length=80
    )
    max_label = blocks.CharBlock(
        label=_("Label of the highest value"), required=False, max_length=80
    )

    class Meta:
        icon = "form"
        label = _("Scale")
        description = _("A value from 1 to the number of steps.")


class YesNoQuestionBlock(QuestionBlock):
    class Meta:
        icon = "tick"
        label = _("Yes / no / abstain")
        description = _("Yes, no or abstain.")


class AttachmentQuestionBlock(QuestionBlock):
    class Meta:
        icon = "doc-full-inverse"
        label = _("Attachment")
        description = _(
            "A PDF or image of at most 5 MB; attachments are never published."
        )


class MapPointQuestionBlock(QuestionBlock):
    class Meta:
        icon = "site"
        label = _("Map point")
        description = _("A place given as latitude and longitude.")


class QuestionStreamBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    ranking = RankingQuestionBlock()
    scale = ScaleQuestionBlock()
    yes_no = YesNoQuestionBlock()
    attachment = AttachmentQuestionBlock()
    map_point = MapPointQuestionBlock()


class DocumentSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Section")
        description = _("A section of the draft; people can comment on each section.")
