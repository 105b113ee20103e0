"""Entry points of `import_articles --workers` processes.

A worker is a fresh interpreter: this module is imported before Django is set up, so it imports
nothing that touches the app registry until `start()` has run.
"""

from django.db import connections


def start(database_name):
    import django

    django.setup()
    # The database this run writes to, which under the test runner is not the one settings name.
    connections["default"].settings_dict["NAME"] = database_name


def import_chunk(paths, settings):
    from .import_run import import_inputs

    input_format, limits, options, batch_size = settings
    try:
        return list(
            import_inputs(paths, input_format=input_format, limits=limits, options=options, batch_size=batch_size)
        )
    finally:
        connections.close_all()
