"""`make bench`: the production stack on loopback, loaded and checked (docs/performance.md).

- `stack`: starting, waiting for and stopping processes; their memory and CPU;
- `mail`: a real SMTP server (aiosmtpd) that keeps what it receives;
- `pgbench`: raw PostgreSQL inserts of a signature's shape, the yardstick for the ratios;
- `run`: the main run and its scenarios (sign, confirm, read, two, export, profile);
- `lifecycle`: submit, email, confirm from the email's link, all at once;
- `faults`: signing while a service fails (issue #10);
- `timing`, `sealing`, `transparency_log`, `delivery`: smaller probes, run on their own.
"""
