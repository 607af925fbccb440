"""The translation workbench in the admin: the original beside the translation, per language.

Shared by every translatable model (petitions, news posts). A campaigner sees the status of
each language (original, up to date, outdated, missing), opens one, and translates with the
original in view. Uyghur translations can start from a conversion of the other script.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awaz.core import languages
from awaz.core.translations import translation_status
from awaz.core.uyghur import to_script

OTHER_UYGHUR_SCRIPT = {"ug": "ug-latn", "ug-latn": "ug"}


class TranslationWorkbenchMixin:
    """For a ModelAdmin whose model has `translations` (TranslationBase rows) and
    `original_language`. Set `translation_parent_field` to the rows' foreign key name."""

    translation_parent_field = ""

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:object_id>/translate/<str:language>/",
                self.admin_site.admin_view(self.translate_view),
                name="%s_%s_translate" % info,
            )
        ] + super().get_urls()

    @property
    def translation_model(self):
        return self.model._meta.get_field("translations").related_model

    def changed_translation_languages(self, formsets) -> set[str]:
        """Languages whose inline translation form was edited in this save."""
        return {
            form.cleaned_data["language"]
            for formset in formsets
            if formset.model is self.translation_model
            for form in formset.forms
            if form.has_changed() and form.cleaned_data.get("language")
        }

    def _translate_url(self, obj, language):
        info = self.model._meta.app_label, self.model._meta.model_name
        return reverse("admin:%s_%s_translate" % info, args=[obj.pk, language])

    def translation_overview(self, obj):
        if not obj or not obj.pk:
            return "—"
        rows = {t.language: t for t in obj.translations.all()}
        original = rows.get(obj.original_language)
        return format_html(
            "<table><tbody>{}</tbody></table>",
            format_html_join(
                "",
                '<tr><td lang="{}">{}</td><td>{}</td><td><a href="{}">{}</a></td></tr>',
                (
                    (code, name, translation_status(rows.get(code), original).label, self._translate_url(obj, code), _("translate"))
                    for code, name in settings.LANGUAGES
                ),
            ),
        )

    translation_overview.short_description = gettext_lazy("translations")

    def translate_view(self, request, object_id, language):
        obj = get_object_or_404(self.model, pk=object_id)
        if language not in dict(settings.LANGUAGES):
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        rows = {t.language: t for t in obj.translations.all()}
        original = rows.get(obj.original_language)
        existing = rows.get(language)
        fields = list(self.translation_model.TRANSLATED_FIELDS)
        form_class = modelform_factory(self.translation_model, fields=fields)
        converted_from = None
        if request.method == "POST" and "convert" in request.POST:
            converted_from = OTHER_UYGHUR_SCRIPT.get(language)
            source = rows.get(converted_from)
            if source is None:
                messages.error(request, _("There is no translation in the other Uyghur script to convert."))
                return redirect(request.path)
            initial = {name: to_script(getattr(source, name) or "", language) for name in fields}
            form = form_class(initial=initial, instance=existing)
            messages.warning(request, _("This is a machine conversion from the other script. Review it, then save."))
        elif request.method == "POST":
            form = form_class(request.POST, instance=existing)
            if form.is_valid():
                translation = form.save(commit=False)
                translation.language = language
                setattr(translation, self.translation_parent_field, obj)
                if original is not None and language != obj.original_language:
                    translation.source_fingerprint = original.fingerprint()
                translation.save()
                messages.success(request, _("Translation saved."))
                return redirect(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))
        else:
            form = form_class(instance=existing)
        for field in form.fields.values():
            field.widget.attrs.update({"lang": language, "dir": languages.direction(language)})
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 12
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "title": _("Translate “%(object)s” into %(language)s") % {"object": obj, "language": languages.native_name(language)},
            "language": language,
            "language_dir": languages.direction(language),
            "original": original,
            "original_fields": [(form.fields[name].label, getattr(original, name, "")) for name in fields] if original else [],
            "original_dir": languages.direction(obj.original_language),
            "status": translation_status(existing, original).label,
            "form": form,
            "can_convert": language in OTHER_UYGHUR_SCRIPT and OTHER_UYGHUR_SCRIPT[language] in rows,
            "converted_from": converted_from,
        }
        return TemplateResponse(request, "admin/awaz/translate.html", context)
