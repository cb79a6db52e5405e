"""`sahel-atlas synth`: a synthetic dataset in the data contract, at any size (see dataset.py).

It looks like the real thing so that the app and its queries can be measured on it:

- events over 1990-2022, growing over time, with bursts (a daily intensity: exponential trend,
  the Algerian 1990s, and a few dozen short bursts), and a geography that moves with the eras
  (Algeria in the 1990s, northern Mali from 2012, the central Sahel and Lake Chad later):
  days.py, clustering.py;
- places: real towns of the region (Natural Earth's populated places in `geo/` plus the
  hot spots the sources name), regions with a radius, areas "near X" and villages jittered
  around the hot spots; events cluster on them (weights by population and hot spot): places.py;
- actors: the groups, forces and leaders the corpus names, then a long tail of militias,
  katibas, units and persons; who acts follows a Zipf law (a few very active actors): actors.py;
- all date precisions (day, month, year, span), all statuses, claims for every disputed or
  claimed event, event_actors with roles, relations between actors: events.py, relations.py;
- evidence that `validate` accepts: source documents written to `texts/`, one "digest" per
  run of consecutive events and one "counter-bulletin" beside it, and every excerpt is the
  exact text at its offsets in one of them: texts.py, evidence.py.

What is drawn from is in vocab.py. Vectorised with numpy and pyarrow (arrays.py) and written in
row groups, chunk by chunk, so memory stays bounded (10M events: a few hundred MB): write.py.
Deterministic: the same seed and size give the same bytes. Written atomically: a staging folder
beside `out`, renamed into place at the end (store/atomic.py).
"""
