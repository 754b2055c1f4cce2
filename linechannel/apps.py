from django.apps import AppConfig


class LinechannelConfig(AppConfig):
    name = "linechannel"
    verbose_name = "LINE Official Account"
