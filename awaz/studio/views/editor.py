"""The petition editor: create from a title, edit the original text with a Markdown preview,
publish / close / reopen with a confirmation step, translate, preview the public page."""

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awaz.front.petitions import render_preview
from awaz.core import languages
from awaz.core.markdown import render_markdown
from awaz.core.translations import translation_status
from awaz.core.uyghur import to_script
from awaz.petitions.models import PetitionTranslation
from awaz.petitions.services import petition_translations_saved
from awaz.studio import services, stats
from awaz.studio.access import EDIT, VIEW, studio_view
from awaz.studio.forms import NewPetitionForm, PetitionForm

OTHER_UYGHUR_SCRIPT = {"ug": "ug-latn", "ug-latn": "ug"}


@studio_view(EDIT)
def petition_new(request, access):
    form = NewPetitionForm(request.POST or None, initial={"language": languages.current()})
    if request.method == "POST" and form.is_valid():
        try:
            petition = services.petition_create(
                organization=access.organization, actor=request.user,
                title=form.cleaned_data["title"], language=form.cleaned_data["language"],
            )
        except services.StudioError as error:
            form.add_error("title", str(error))
        else:
            messages.success(request, _("Petition created as a draft. Write its text, then publish it."))
            return redirect("studio:petition_edit", org=access.organization.slug, petition_id=petition.pk)
    return render(request, "studio/petition_new.html", {"access": access, "nav": "new", "form": form})


def _closing_date(petition, zone):
    return petition.closes_at.astimezone(zone).date() - timedelta(days=1) if petition.closes_at else None


@studio_view(EDIT)
def petition_edit(request, access, petition_id: int):
    petition = access.petition(petition_id)
    zone = stats.organization_zone(access.organization)
    original = petition.original() or PetitionTranslation(petition=petition, language=petition.original_language)
    initial = {
        "title": original.title, "summary": original.summary, "body": original.body, "addressees": original.addressees,
        "goal": petition.goal, "closes_on": _closing_date(petition, zone), "slug": petition.slug, "featured": petition.featured,
    }
    form = PetitionForm(request.POST or None, initial=initial, petition=petition)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "preview" in request.POST:
            preview = render_markdown(data["body"])
        else:
            for name in ("title", "summary", "body", "addressees"):
                setattr(original, name, data[name])
            original.save()
            petition.goal = data["goal"]
            closes_on = data["closes_on"]
            petition.closes_at = datetime.combine(closes_on + timedelta(days=1), time(), tzinfo=zone) if closes_on else None
            petition.slug = data["slug"]
            petition.featured = data["featured"]
            petition.save(update_fields=["goal", "closes_at", "slug", "featured"])
            petition_translations_saved(petition=petition, changed_languages={petition.original_language})
            messages.success(request, _("Saved."))
            return redirect("studio:petition_edit", org=access.organization.slug, petition_id=petition.pk)
    from awaz.studio import images
    from awaz.studio.forms import ImageForm

    context = {"access": access, "petition": petition, "form": form, "preview": preview,
               "original_language": petition.original_language,
               "image_form": ImageForm(initial={"description": original.image_alt}),
               "image_url": images.url(petition.image, "800x420"), "image_alt": original.image_alt,
               "items": _translation_items(petition)}
    return render(request, "studio/petition_edit.html", context)


def _translation_items(petition):
    rows = {t.language: t for t in petition.translations.all()}
    original = rows.get(petition.original_language)
    return [
        {"code": code, "name": name, "status": translation_status(rows.get(code), original)}
        for code, name in settings.LANGUAGES
    ]


STATE_CHANGES = {
    "publish": (services.petition_publish, gettext_lazy("Publish this petition?"),
                gettext_lazy("It becomes public at once, appears on the home page and accepts signatures. Its address can no longer change."),
                gettext_lazy("Publish"), gettext_lazy("The petition is published.")),
    "close": (services.petition_close, gettext_lazy("Close this petition?"),
              gettext_lazy("It stops accepting signatures; its result stays visible. Signers' personal data is erased %(days)s days after closing: export the list before then."),
              gettext_lazy("Close the petition"), gettext_lazy("The petition is closed.")),
    "reopen": (services.petition_reopen, gettext_lazy("Reopen this petition?"),
               gettext_lazy("It accepts signatures again and the erasure of signers' data after closing is called off."),
               gettext_lazy("Reopen"), gettext_lazy("The petition is open again.")),
}


@studio_view(EDIT)
def petition_state(request, access, petition_id: int, change: str):
    """One button, then a page that asks to confirm; the change happens only on that POST."""
    if change not in STATE_CHANGES:
        raise Http404
    petition = access.petition(petition_id)
    act, question, explanation, button, done = STATE_CHANGES[change]
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        try:
            act(petition=petition, actor=request.user)
        except services.StudioError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, str(done))
        back = request.POST.get("next", "")
        if back.startswith(f"/{settings.STUDIO_URL}/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)  # the screen the button was on
        return redirect("studio:petition", org=access.organization.slug, petition_id=petition.pk)
    context = {"access": access, "petition": petition, "question": question, "button": button,
               "explanation": str(explanation) % {"days": settings.RETENTION_DAYS} if change == "close" else explanation}
    return render(request, "studio/confirm.html", context)


@studio_view(VIEW)
def petition_preview(request, access, petition_id: int, language: str):
    """The public page as a reader of `language` will see it, drafts included."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    petition = access.petition(petition_id)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render_preview(request, petition)
    response["Cache-Control"] = "private, no-store"
    return response


@studio_view(VIEW)
def translations(request, access, petition_id: int):
    petition = access.petition(petition_id)
    return render(request, "studio/translations.html",
                  {"access": access, "petition": petition, "items": _translation_items(petition)})


@studio_view(EDIT)
def translate(request, access, petition_id: int, language: str):
    """The translation workbench (as in the admin): the original beside the translation, and a
    Uyghur translation can start from a machine conversion of the other script."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    petition = access.petition(petition_id)
    if language == petition.original_language:
        return redirect("studio:petition_edit", org=access.organization.slug, petition_id=petition.pk)
    rows = {t.language: t for t in petition.translations.all()}
    original, existing = rows.get(petition.original_language), rows.get(language)
    fields = list(PetitionTranslation.TRANSLATED_FIELDS)
    form_class = modelform_factory(PetitionTranslation, fields=fields)
    converted = False
    if request.method == "POST" and "convert" in request.POST:
        source = rows.get(OTHER_UYGHUR_SCRIPT.get(language, ""))
        if source is None:
            raise Http404
        form = form_class(initial={name: to_script(getattr(source, name) or "", language) for name in fields}, instance=existing)
        converted = True
    elif request.method == "POST":
        form = form_class(request.POST, instance=existing)
        if form.is_valid():
            row = form.save(commit=False)
            row.language, row.petition = language, petition
            if original is not None:
                row.source_fingerprint = original.fingerprint()
            row.save()
            messages.success(request, _("Translation saved."))
            return redirect(reverse("studio:petition_edit", args=[access.organization.slug, petition.pk]) + "#translations")
    else:
        form = form_class(instance=existing)
    for field in form.fields.values():
        field.widget.attrs.update({"lang": language, "dir": languages.direction(language)})
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 10
    context = {
        "access": access, "petition": petition, "form": form, "language": language,
        "language_name": languages.native_name(language),
        "original": original, "original_dir": languages.direction(petition.original_language),
        "original_fields": [(form.fields[name].label, getattr(original, name, "")) for name in fields] if original else [],
        "status": translation_status(existing, original),
        "can_convert": OTHER_UYGHUR_SCRIPT.get(language) in rows, "converted": converted,
    }
    return render(request, "studio/translate.html", context)


@studio_view(EDIT)
def petition_image(request, access, petition_id: int):
    from awaz.studio import images
    from awaz.studio.forms import ImageForm

    petition = access.petition(petition_id)
    original = petition.original()
    form = ImageForm(request.POST or None, request.FILES or None,
                     initial={"description": original.image_alt if original else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.petition_image_set(petition=petition, actor=request.user, upload=form.cleaned_data["image"],
                                        description=form.cleaned_data["description"])
        except forms.ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("Image saved. Its metadata, location included, was removed."))
            return redirect(reverse("studio:petition_edit", args=[access.organization.slug, petition.pk]) + "#image")
    context = {"access": access, "petition": petition, "form": form,
               "image_url": images.url(petition.image, "800x420"), "image_alt": original.image_alt if original else ""}
    return render(request, "studio/petition_image.html", context)
