"""The employee list's name search: Django's icontains (a case-insensitive substring), served on
PostgreSQL by employee_name_grams_idx (migration 0018), elsewhere as Django compiles it.

A trigram index cannot serve a search of fewer than three characters, and Chinese names are
mostly two (张伟) or three, a surname one. employee_name_grams(name) holds every character and
every pair of adjacent characters of the upper-cased name; the search's own, computed by the same
function, must all be among them. For one or two characters that is exactly "contains" (the
pair is the substring), for more it is a necessary condition and LIKE checks the rows found."""

from django.db.models import Lookup
from django.db.models.lookups import IContains

from employees.models import Employee

# Upper-cased, a search this long is a single gram: the index's answer is the whole answer.
EXACT_UP_TO = 2


class NameContains(Lookup):
    """``name__name_contains=term``: the rows of ``name__icontains=term``, from the index."""

    lookup_name = "name_contains"
    prepare_rhs = False  # as icontains

    def as_sql(self, compiler, connection):
        return compiler.compile(IContains(self.lhs, self.rhs))

    def as_postgresql(self, compiler, connection):
        if not (self.rhs_is_direct_value() and isinstance(self.rhs, str) and self.rhs):
            return self.as_sql(compiler, connection)
        column, params = compiler.compile(self.lhs)
        grams = f"employee_name_grams({column}) @> employee_name_grams(%s)"
        if len(self.rhs) <= EXACT_UP_TO and len(self.rhs.upper()) <= EXACT_UP_TO:
            return grams, (*params, self.rhs)
        like, like_params = self.as_sql(compiler, connection)
        return f"({grams} AND {like})", (*params, self.rhs, *like_params)


def register() -> None:
    """On the employee's name field only: the index exists for that column alone."""
    Employee._meta.get_field("name").register_lookup(NameContains)
