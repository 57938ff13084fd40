"""Files made from applications: the team's CSV and XLSX exports (streamed,
memory flat whatever the number of rows) and a candidate's personal data."""

import io
import json
import tempfile
import zipfile
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone

from eig.accounts.selectors import user_roles
from eig.applications.models import Application, ApplicationDocument
from eig.applications.selectors import (
    EXPORT_HEADER,
    application_detail_queryset,
    application_messages,
    application_snapshot,
    export_rows,
)
from eig.applications.storage import private_storage
from eig.core.exports import csv_writer, xlsx_workbook, xlsx_write_row


def csv_chunks(queryset: QuerySet[Application], *, lines: int = 500) -> Iterator[str]:
    """The CSV, a few hundred lines at a time (with a BOM so that spreadsheets read UTF-8)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(EXPORT_HEADER)
    for count, cells in enumerate(export_rows(queryset), start=1):
        writer.writerow(cells)
        if count % lines == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(queryset: QuerySet[Application]):
    """The XLSX written row by row to a temporary file (constant memory), rewound."""
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    workbook = xlsx_workbook(output)
    sheet = workbook.add_worksheet("candidatures")
    bold = workbook.add_format({"bold": True})
    xlsx_write_row(sheet, 0, EXPORT_HEADER, bold)
    for row, cells in enumerate(export_rows(queryset), start=1):
        xlsx_write_row(sheet, row, cells)
    workbook.close()
    output.seek(0)
    return output


def export_filename(extension: str) -> str:
    return f"candidatures-{timezone.localtime():%Y-%m-%d-%H%M}.{extension}"


# Personal data ---------------------------------------------------------------


def _documents(documents: Iterable[ApplicationDocument], folder: str) -> list[tuple[str, str]]:
    """[(path in the archive, stored name)] with unique paths."""
    paths = []
    for document in documents:
        paths.append(
            (f"{folder}/{document.public_id}-{document.original_name}", document.file.name)
        )
    return paths


def personal_data_archive(user):
    """A ZIP of everything held about the person: `donnees.json`, the CVs and attachments.

    Written to a temporary file (rewound) so that large files never sit in memory.
    """
    from eig.mail.models import Email

    applications = list(application_detail_queryset().filter(candidate=user).order_by("pk"))
    files: list[tuple[str, str]] = []
    data_applications = []
    for application in applications:
        prefix = f"candidature-{application.pk}"
        entry = application_snapshot(application)
        entry["id"] = application.pk
        entry["created_at"] = application.created_at.isoformat()
        entry["transitions"] = [
            {
                "from": t.from_state,
                "to": t.to_state,
                "at": t.at.isoformat(),
                "comment": t.comment,
            }
            for t in application.transitions.order_by("at", "pk")
        ]
        entry["history"] = [
            {"section": r.section, "changes": r.changes, "at": r.at.isoformat()}
            for r in application.revisions.order_by("at", "pk")
        ]
        all_cvs = application.documents.filter(message__isnull=True).order_by("uploaded_at", "pk")
        cv_files = _documents(all_cvs, f"{prefix}/cv")
        entry["cv_files"] = [
            {"file": path, "replaced_at": d.replaced_at.isoformat() if d.replaced_at else None}
            for (path, _name), d in zip(cv_files, all_cvs, strict=True)
        ]
        files += cv_files
        messages = []
        for message in application_messages(application):
            attachments = _documents(message.attachments.all(), f"{prefix}/messages")
            files += attachments
            messages.append(
                {
                    "at": message.created_at.isoformat(),
                    "from": "équipe du programme" if message.from_team else "vous",
                    "body": message.body,
                    "attachments": [path for path, _name in attachments],
                }
            )
        entry["messages"] = messages
        data_applications.append(entry)
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "email_confirmed_at": user.email_confirmed_at.isoformat()
            if user.email_confirmed_at
            else None,
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(str(role.label) for role in user_roles(user)),
        },
        "applications": data_applications,
        "emails": [
            {
                "at": email.created_at.isoformat(),
                "subject": email.subject,
                "body": email.body_text,
                "state": email.state,
            }
            for email in Email.objects.to_address(user.email).order_by("created_at", "pk")
        ],
    }
    output = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 (closed by the response)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("donnees.json", json.dumps(data, ensure_ascii=False, indent=2))
        for path, name in files:
            with private_storage.open(name, "rb") as source, archive.open(path, "w") as target:
                for chunk in iter(lambda s=source: s.read(64 * 1024), b""):
                    target.write(chunk)
    output.seek(0)
    return output
