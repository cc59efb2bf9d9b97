"""The prompt lab: prompt sets x models x policies, on every scene, outputs side by side.

`variants` builds the combinations, `units` is one scene under one variant, `sweep` runs them
here or hands them to `fanout` (local worker processes) or `ray_pool` (a Ray cluster),
`compare` lines the outputs up and sums what each variant cost, `render` and `html` show that,
and `rephrase` asks the model again for the card on the HUD's lens after a prompt reload.
"""
