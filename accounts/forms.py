"""Forms of the account pages, labelled in Thai."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.template import loader

logger = logging.getLogger(__name__)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "รหัสผ่านปัจจุบัน"
        self.fields["new_password1"].label = "รหัสผ่านใหม่"
        self.fields["new_password2"].label = "ยืนยันรหัสผ่านใหม่"
        self.fields["new_password1"].help_text = "อย่างน้อย ๘ ตัวอักษร ไม่ใช่ตัวเลขล้วน ไม่ซ้ำกับชื่อผู้ใช้ และไม่ใช่รหัสที่ใช้กันทั่วไป"
        self.error_messages["password_incorrect"] = "รหัสผ่านปัจจุบันไม่ถูกต้อง กรุณาลองอีกครั้ง"
        self.error_messages["password_mismatch"] = "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "รหัสผ่านใหม่"
        self.fields["new_password2"].label = "ยืนยันรหัสผ่านใหม่"
        self.fields["new_password1"].help_text = "อย่างน้อย ๘ ตัวอักษร ไม่ใช่ตัวเลขล้วน ไม่ซ้ำกับชื่อผู้ใช้ และไม่ใช่รหัสที่ใช้กันทั่วไป"
        self.error_messages["password_mismatch"] = "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="อีเมลที่ลงทะเบียนไว้กับบัญชี",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "กรุณากรอกอีเมล", "invalid": "รูปแบบอีเมลไม่ถูกต้อง เช่น somchai@example.go.th"},
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Render the link here, send it from a worker (notifications.tasks.send_email): no mail in the request."""
        from notifications.tasks import send_email

        subject = " ".join(loader.render_to_string(subject_template_name, context).split())
        body = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        try:
            send_email.delay(subject=subject, body=body, html=html, to=[to_email])
        except Exception:  # the broker is down: the page answers as always, the person can ask again
            logger.exception("the password reset e-mail could not be queued")


class TokenForm(forms.Form):
    token = forms.CharField(
        label="รหัสยืนยัน",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        error_messages={"required": "กรุณากรอกรหัส"},
    )
