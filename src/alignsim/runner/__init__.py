"""Sweep scenarios, analyse them, write the gallery: through their kind (:mod:`alignsim.kinds`).

One run of any scenario is its kind's: ``kind_of(scenario).run(scenario)`` and
``.write(result, folder)``.
"""
