"""Forms of the account pages, labelled in Thai."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms


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


class TokenForm(forms.Form):
    token = forms.CharField(
        label="รหัสยืนยัน",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        error_messages={"required": "กรุณากรอกรหัส"},
    )
