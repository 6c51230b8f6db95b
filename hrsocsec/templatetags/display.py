"""{% load display %}: {{ amount|yuan }}, {{ rate|percent }} (hrsocsec.display)."""

from django import template

from hrsocsec import display

register = template.Library()
register.filter("yuan", display.yuan)
register.filter("percent", display.percent)
