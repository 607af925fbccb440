"""A petition's switches (owners and moderators): pause signing, hide country counts, hide
recent signers. Site-wide switches are the operators' and live in the admin."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awaz.core.switches import MEMO_SECONDS
from awaz.operations.forms import PetitionSwitchForm
from awaz.operations.models import PetitionSwitch, SwitchChange
from awaz.operations.services import petition_switches_set
from awaz.studio.access import MODERATE, studio_view


@studio_view(MODERATE)
def petition_switches(request, access, petition_id: int):
    petition = access.petition(petition_id)
    row = PetitionSwitch.objects.filter(pk=petition.pk).first()
    initial = {field: getattr(row, field) for field in PetitionSwitchForm.base_fields} if row else {}
    form = PetitionSwitchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = petition_switches_set(petition=petition, operator=request.user, via="studio", **form.cleaned_data)
        if changed:
            messages.success(request, ngettext(
                "%(count)s switch changed; every visitor sees it within %(seconds)s seconds.",
                "%(count)s switches changed; every visitor sees them within %(seconds)s seconds.", len(changed),
            ) % {"count": len(changed), "seconds": int(MEMO_SECONDS) + 1})
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("studio:switches", org=access.organization.slug, petition_id=petition.pk)
    history = SwitchChange.objects.filter(petition=petition)[:20]
    return render(request, "studio/switches.html",
                  {"access": access, "petition": petition, "form": form, "history": history})
