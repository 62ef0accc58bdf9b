"""The form piece for translated content: its source language, one text per
configured language, and a "reviewed" box for each translation.

    description = translated_text_field(_l("Description"), limit=5000, area=True,
                                        required=_l("Write the description..."))

`field.data` is a `core.translated.Edit`, ready for `translated.set_text`. The
languages are read from the LANGUAGES setting when the form is built.
"""

import functools

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import ValidationError

from ..forms import at_most, clean_area, clean_line, plain_name, strip
from ..i18n import language_name
from . import translated
from .models import TranslatedText


def translated_text_field(label, *, limit, area=True, required=None):
    """A FormField editing one TranslatedText (None: may stay empty)."""
    factory = functools.partial(_bound_form, limit=limit, area=area, required=required)
    return FormField(factory, label=label, separator="-")


def _bound_form(*args, limit, area, required, **kwargs):
    form_class = _form_class(translated.languages(), limit, area)
    obj = kwargs.pop("obj", None)
    if isinstance(obj, TranslatedText) and not kwargs.get("formdata"):
        kwargs["data"] = _data(obj)
    form = form_class(*args, **kwargs)
    form.text = obj if isinstance(obj, TranslatedText) else None
    form.required = required
    return form


def _data(text):
    data = {"source": text.source_lang}
    for lang in translated.languages():
        data[lang] = text.body(lang)
    return data


@functools.cache
def _form_class(languages, limit, area):
    text_field = TextAreaField if area else StringField
    clean = clean_area if area else clean_line
    validators = [at_most(limit)] + ([] if area else [plain_name])
    attributes = {
        "source": SelectField(
            _l("Written in"), choices=[SelectChoice(lang, lang) for lang in languages]
        ),
        "languages": languages,
    }
    for lang in languages:
        attributes[lang] = text_field(
            lang, filters=[clean, strip], validators=validators
        )
        attributes[f"{lang}_reviewed"] = BooleanField(_l("Translation reviewed"))
    return type("TranslatedTextForm", (_TranslatedTextForm,), attributes)


class _TranslatedTextForm(Form):
    """Subform: `data` is an Edit; labels are the languages' names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.source.data not in self.languages:
            self.source.data = self._likely_source()
        self.source.choices = [
            SelectChoice(lang, language_name(lang).capitalize())
            for lang in self.languages
        ]
        for lang in self.languages:
            self[lang].label.text = language_name(lang).capitalize()

    def _likely_source(self):
        """The reader's language if she wrote in it, else the first one written."""
        locale = str(get_locale())
        order = (
            (locale, *self.languages) if locale in self.languages else self.languages
        )
        written = [lang for lang in order if self[lang].data]
        return written[0] if written else order[0]

    def text_fields(self):
        """(language, text field, reviewed box) for each configured language."""
        return [(lang, self[lang], self[f"{lang}_reviewed"]) for lang in self.languages]

    def validate_source(self, field):
        if not any(self[lang].data for lang in self.languages):
            if self.required:
                raise ValidationError(self.required)
            return
        if not self[field.data].data:
            raise ValidationError(
                _l(
                    "The text in its source language (%(language)s) is empty.",
                    language=language_name(field.data),
                )
            )

    @property
    def data(self):
        return translated.Edit(
            source_lang=self.source.data,
            bodies={lang: self[lang].data or "" for lang in self.languages},
            reviewed={lang for lang in self.languages if self[f"{lang}_reviewed"].data},
        )
