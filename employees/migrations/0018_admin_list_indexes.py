"""Indexes for the admin at a million employees (issue 16), kept out of the model's Meta because
two are PostgreSQL's own (a function and a GIN index) and the others are read only by the admin
pages; the database holds them, Django's model state does not (so none may be added to Meta
under the same name without dropping it here first).

- employee_employer_hire_idx (employer_id, hire_date): the landing page's joiners chart, the
  list's hired-in-month filter and its months (one range per employer, read from the index
  alone).
- employee_left_idx (employer_id, separation_date, id) WHERE separation_date IS NOT NULL: the
  leavers chart, the separations of the last twelve months per employer, with the id its
  confirmed-dissolve lookup needs, from the index alone.
- employee_name_grams_idx, GIN over employee_name_grams(name), PostgreSQL only: the list's name
  search (employees.admin.search). The function gives every character and every pair of
  adjacent characters of the upper-cased name, so a search of one or two characters (a Chinese
  surname, a two-character name, which a trigram index cannot serve) is answered from the index
  exactly, and a longer one from the index and checked with LIKE.
"""

from django.db import migrations

BOTH = [
    (
        "CREATE INDEX employee_employer_hire_idx ON employees_employee (employer_id, hire_date)",
        "DROP INDEX employee_employer_hire_idx",
    ),
    (
        "CREATE INDEX employee_left_idx ON employees_employee (employer_id, separation_date, id)"
        " WHERE separation_date IS NOT NULL",
        "DROP INDEX employee_left_idx",
    ),
]
# plpgsql: about 1.3 µs a name here, six times less than the same in one SQL statement, which
# counts when the planner filters rows with it (a common surname, read in the list's order).
GRAMS = (
    """CREATE FUNCTION employee_name_grams(name text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    u text := upper(name);
    grams text[] := string_to_array(u, NULL);
BEGIN
    FOR i IN 1 .. char_length(u) - 1 LOOP
        grams := grams || substr(u, i, 2);
    END LOOP;
    RETURN grams;
END
$$""",
    "CREATE INDEX employee_name_grams_idx ON employees_employee USING gin (employee_name_grams(name))",
)
DROP_GRAMS = ("DROP INDEX employee_name_grams_idx", "DROP FUNCTION employee_name_grams(text)")


def create(apps, schema_editor):
    for sql, _drop in BOTH:
        schema_editor.execute(sql)
    if schema_editor.connection.vendor == "postgresql":
        for sql in GRAMS:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP_GRAMS:
            schema_editor.execute(sql)
    for _sql, sql in BOTH:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("employees", "0017_fk_indexes_covered")]

    operations = [migrations.RunPython(create, drop)]
