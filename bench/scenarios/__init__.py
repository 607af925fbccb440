"""The main run's scenarios on its stack, one module each, in the order bench/run.py runs them:
`sign` (a), `confirm` (b), `read` (c), `two` (d), `export` (e), `profile` (f). Each has one
`scenario` function; they share bench/submissions.py, bench/load.py, bench/consistency.py,
bench/report.py and bench/setup.py, and import neither each other nor bench/run.py. The
pgbench (g) and lifecycle (h) scenarios live with their measurements in bench/pgbench.py and
bench/lifecycle.py."""
