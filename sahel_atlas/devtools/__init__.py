"""Developer tools, not part of the app: synthetic data (synth/), fake exports, the benchmark
(bench.py, naive.py; its page timing is scripts/bench_pages.py) and the load generator."""
