"""`ReadOnlyAdmin`: an admin page for records that only services write (audit entries, alerts,
repairs): they can be listed and read, never added, changed or deleted by hand."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
