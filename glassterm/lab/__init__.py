"""The prompt lab: prompt sets x models x policies, on every scene, outputs side by side.

`variants` builds the combinations and runs them, `compare` lines their outputs up and sums
what each cost, `markdown` and `html` render that, and `fanout` spreads the (scene, variant)
units over local processes or a Ray cluster.
"""
